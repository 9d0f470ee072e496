using KamHp.Dsp.Spectral;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Spectral;

public sealed class StftTests
{
    [Theory]
    [InlineData(512, 256)]
    [InlineData(512, 128)]
    [InlineData(1024, 128)]
    [InlineData(2048, 512)]
    [InlineData(4096, 1024)]
    [InlineData(4096, 2048)]
    [InlineData(4096, 512)]
    [InlineData(16384, 4096)]
    public void Stft_ReconstructsInput_BetterThanMinus120Db(int fftSize, int hopSize)
    {
        float[] signal = TestSignals.Noise(3 * fftSize + 777, seed: fftSize + hopSize);
        var stft = new Stft(new StftSettings(fftSize, hopSize));
        Spectrogram spectrogram = stft.Analyze([signal]);
        var output = new float[signal.Length];
        stft.Synthesize(spectrogram.Real[0], spectrogram.Imag[0], spectrogram.FrameCount, output);

        double signalPower = 0, errorPower = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            signalPower += (double)signal[i] * signal[i];
            double e = signal[i] - (double)output[i];
            errorPower += e * e;
        }

        double errorDb = 10 * Math.Log10(errorPower / signalPower);
        Assert.True(errorDb < -120, $"reconstruction error {errorDb:F1} dB");
    }

    [Fact]
    public void Stft_FrameCount_CoversEverySample()
    {
        var settings = new StftSettings(4096, 1024);
        Assert.Equal(0, settings.FrameCount(0));
        Assert.Equal(4, settings.FrameCount(1));     // sample 0 lies in frames 0..3
        Assert.Equal(4, settings.FrameCount(1024));
        Assert.Equal(5, settings.FrameCount(1025));
        Assert.Equal(-3072, settings.FrameStart(0));
    }

    [Theory]
    [InlineData(1000, 256)]
    [InlineData(4096, 4096)]
    [InlineData(4096, 1000)]
    [InlineData(32768, 1024)]
    public void StftSettings_RejectsUnsupportedSizes(int fftSize, int hopSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(fftSize, hopSize));

    [Theory]
    [InlineData(44100, 4096)]
    [InlineData(48000, 4096)]
    [InlineData(88200, 8192)]
    [InlineData(96000, 8192)]
    [InlineData(192000, 16384)]
    [InlineData(22050, 2048)]
    public void FftSizeForRate_KeepsTheWindowNear93Milliseconds(double rate, int expected) =>
        Assert.Equal(expected, StftSettings.FftSizeForRate(rate));

    [Fact]
    public void FftTransform_MatchesDirectDft()
    {
        const int n = 512;
        float[] x = TestSignals.Noise(n, seed: 7);
        var fft = new FftTransform(n);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        fft.Forward(x, re, im);
        foreach (int k in new[] { 0, 1, 17, 100, 255, 256 })
        {
            double sr = 0, si = 0;
            for (int i = 0; i < n; i++)
            {
                sr += x[i] * Math.Cos(2 * Math.PI * k * i / n);
                si -= x[i] * Math.Sin(2 * Math.PI * k * i / n);
            }

            // float FFT of 512 values of magnitude <= 0.5: error well below 1e-3 absolute.
            Assert.Equal(sr, re[k], 1e-3);
            Assert.Equal(si, im[k], 1e-3);
        }

        var back = new float[n];
        fft.Inverse(re, im, back);
        Assert.True(TestSignals.RelativeMaxError(x, back) < 1e-5);
    }
}
