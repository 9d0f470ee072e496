using KamHp.Dsp.Spectral;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Spectral;

public sealed class StreamingStftTests
{
    [Theory]
    [InlineData(4096, 1024)]
    [InlineData(512, 128)]
    [InlineData(1024, 512)]
    public void StreamingStft_AnalysisThenSynthesis_ReconstructsInput_DelayedByTheFramingsLatency(int fftSize, int hopSize)
    {
        var framing = new StftFraming(fftSize, hopSize, fftSize);
        var stft = new StreamingStft(WindowPair.PeriodicHann(framing), 1);
        float[] input = TestSignals.Noise(20 * fftSize, seed: 3);
        var output = new float[input.Length];
        var real = new float[framing.BinCount];
        var imag = new float[framing.BinCount];
        int latency = framing.LatencySamples;
        long frame = 0;
        for (int i = 0; i < input.Length; i++)
        {
            stft.Write(input.AsSpan(i, 1), 0, i, 0f);
            if ((i + 1) % hopSize == 0)
            {
                stft.Analyze(frame, 0, real, imag);
                Assert.True(stft.Synthesize(frame, 0, real, imag));
                frame++;
            }

            output[i] = i >= latency ? stft.Output(0)[i - latency] : 0f;
        }

        double signal = 0, error = 0;
        for (int i = fftSize; i < input.Length - fftSize; i++)
        {
            signal += (double)input[i] * input[i];
            double e = output[i + latency] - input[i];
            error += e * e;
        }

        Assert.True(10 * Math.Log10(error / signal) < -120, $"error {10 * Math.Log10(error / signal):F1} dB");
    }

    [Fact]
    public void StftFraming_Latency_IsTheOutputPartMinusOne()
    {
        Assert.Equal(4095, StftFraming.Symmetric(44100).LatencySamples);
        Assert.Equal(511, new StftFraming(4096, 256, 512).LatencySamples);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StftFraming(4096, 256, 500));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StftFraming(4096, 3000, 4096));
    }

    [Fact]
    public void WindowPair_MeasuresTheOutputPart_AndRefusesASynthesisWindowReachingBeforeIt()
    {
        WindowPair hann = WindowPair.PeriodicHann(StftFraming.Symmetric(44100));
        Assert.Equal(4096, WindowPair.OutputSamples(hann.Synthesis, 1024));

        var framing = new StftFraming(1024, 128, 256);
        float[] analysis = new float[1024];
        float[] synthesis = new float[1024];
        analysis.AsSpan().Fill(1f);
        synthesis.AsSpan(1024 - 256).Fill(0.125f);
        Assert.Equal(256, new WindowPair(framing, analysis, synthesis).Framing.OutputSamples);
        synthesis[1024 - 257] = 0.01f;
        Assert.Throws<ArgumentException>(() => new WindowPair(framing, analysis, synthesis));
    }
}
