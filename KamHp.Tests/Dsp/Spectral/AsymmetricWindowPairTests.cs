using KamHp.Dsp.Spectral;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Spectral;

public sealed class AsymmetricWindowPairTests
{
    [Theory]
    [InlineData(4096, 512, 128, 0.5)]
    [InlineData(4096, 512, 256, 0.5)]
    [InlineData(4096, 512, 64, 1.0)]
    [InlineData(2048, 256, 64, 0.5)]
    [InlineData(8192, 1024, 256, 0.5)]
    [InlineData(16384, 2048, 512, 2.0)]
    [InlineData(1024, 1024, 256, 0.5)]
    public void StreamingStft_ReconstructsInput_DelayedByLatency_BetterThanMinus120Db(int frameSize, int outputSize, int hopSize, double riseExponent)
    {
        var pair = new AsymmetricWindowPair(frameSize, outputSize, hopSize, riseExponent);
        float[] signal = TestSignals.Noise((3 * frameSize) + 777, seed: frameSize + outputSize + hopSize);
        float[] output = StreamIdentity(pair, signal, pair.LatencySamples);

        double signalPower = 0, errorPower = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            signalPower += (double)signal[i] * signal[i];
            double e = signal[i] - (double)output[i + pair.LatencySamples];
            errorPower += e * e;
        }

        for (int i = 0; i < pair.LatencySamples; i++)
        {
            Assert.Equal(0f, output[i]);
        }

        double errorDb = 10 * Math.Log10(errorPower / signalPower);
        Assert.True(errorDb < -120, $"reconstruction error {errorDb:F1} dB");
    }

    [Fact]
    public void StreamingStft_OneSampleLessLatency_IsNotEnough()
    {
        // The reported latency is the smallest that works: emitting one sample earlier misses the first synthesis
        // sample of the latest frame, and the identity falls short of -120 dB.
        var pair = new AsymmetricWindowPair(4096, 512, 128);
        float[] signal = TestSignals.Noise(4 * 4096, seed: 5);
        int latency = pair.LatencySamples - 1;
        float[] output = StreamIdentity(pair, signal, latency);
        double signalPower = 0, errorPower = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            signalPower += (double)signal[i] * signal[i];
            double e = signal[i] - (double)output[i + latency];
            errorPower += e * e;
        }

        double errorDb = 10 * Math.Log10(errorPower / signalPower);
        Assert.True(errorDb > -120, $"reconstruction error {errorDb:F1} dB");
    }

    [Fact]
    public void Synthesis_IsZeroBeforeTheOutputPart_AndTheAnalysisPeaksAtItsMiddle()
    {
        var pair = new AsymmetricWindowPair(4096, 512, 128);
        Assert.Equal(3585, pair.SynthesisStart);
        Assert.Equal(510, pair.LatencySamples);
        Assert.Equal(0f, pair.Synthesis[3584]);
        for (int i = 0; i < pair.SynthesisStart; i++)
        {
            Assert.Equal(0f, pair.Synthesis[i]);
        }

        Assert.True(pair.Synthesis[pair.SynthesisStart] > 0);
        int peak = 0;
        for (int i = 1; i < pair.FrameSize; i++)
        {
            if (pair.Analysis[i] > pair.Analysis[peak])
            {
                peak = i;
            }
        }

        Assert.Equal(4096 - 256, peak);
        Assert.Equal(1f, pair.Analysis[peak]);
    }

    [Fact]
    public void FullOutputSize_IsTheSquareRootHannPair()
    {
        var pair = new AsymmetricWindowPair(1024, 1024, 256);
        for (int i = 0; i < 1024; i++)
        {
            double sine = Math.Sqrt(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / 1024)));
            Assert.Equal(sine, pair.Analysis[i], 1e-6);
            Assert.Equal(sine * 0.5, pair.Synthesis[i], 1e-6);   // product h_N·(2·256/1024)
        }
    }

    [Theory]
    [InlineData(4096, 500, 128)]
    [InlineData(4096, 512, 384)]
    [InlineData(4096, 8192, 128)]
    [InlineData(4095, 512, 128)]
    [InlineData(4096, 512, 512)]
    public void Constructor_RejectsSizesWithoutPerfectReconstruction(int frameSize, int outputSize, int hopSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsymmetricWindowPair(frameSize, outputSize, hopSize));

    /// <summary>
    /// Sample-by-sample streaming: frame t ends at sample (t+1)·hop - 1 and is analysed, inverse transformed and
    /// overlap-added as soon as that sample arrives; at every sample the output emitted is the overlap-add buffer
    /// <paramref name="latency"/> samples back (frames not yet computed contribute nothing).
    /// </summary>
    private static float[] StreamIdentity(AsymmetricWindowPair pair, float[] signal, int latency)
    {
        int n = pair.FrameSize, hop = pair.HopSize;
        var fft = new FftTransform(n);
        var frame = new float[n];
        var real = new float[fft.BinCount];
        var imag = new float[fft.BinCount];
        int total = signal.Length + latency + n;
        var accumulated = new float[total + n];
        var output = new float[total];
        for (int sample = 0; sample < total; sample++)
        {
            if ((sample + 1) % hop == 0)
            {
                int start = sample + 1 - n;
                for (int i = 0; i < n; i++)
                {
                    int s = start + i;
                    frame[i] = s >= 0 && s < signal.Length ? signal[s] * pair.Analysis[i] : 0f;
                }

                fft.Forward(frame, real, imag);
                fft.Inverse(real, imag, frame);
                for (int i = pair.SynthesisStart; i < n; i++)
                {
                    if (start + i >= 0)
                    {
                        accumulated[start + i] += frame[i] * pair.Synthesis[i];
                    }
                }
            }

            output[sample] = sample - latency >= 0 ? accumulated[sample - latency] : 0f;
        }

        return output;
    }
}
