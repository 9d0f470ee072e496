using KamHp.Dsp.Offline;
using KamHp.Evaluation.Research;
using KamHp.Tests.Support;

namespace KamHp.Tests.Evaluation;

/// <summary>The research cascade that <c>kamhp eval --method cascade</c> measures.</summary>
public sealed class CascadeSeparatorTests
{
    private const int SampleRateHz = 44100;

    private static float[][] Mixture()
    {
        int length = SampleRateHz;
        float[] left = TestSignals.Add(TestSignals.Tones(length, SampleRateHz, [110, 220, 330]), TestSignals.Clicks(length, 5000, seed: 1));
        float[] right = TestSignals.Add(TestSignals.Tones(length, SampleRateHz, [165, 247.5], amplitude: 0.15f), TestSignals.Clicks(length, 7000, seed: 2));
        return [left, right];
    }

    [Theory]
    [InlineData(1, 1f, 1f)]
    [InlineData(2, 1f, 1f)]
    [InlineData(2, 2f, 1.5f)]
    public void Cascade_OutputsSumToTheInput(int passes, float harmonicMargin, float percussiveMargin)
    {
        float[][] x = Mixture();
        var separator = new CascadeSeparator(new CascadeSettings { Passes = passes, HarmonicMargin = harmonicMargin, PercussiveMargin = percussiveMargin });

        (float[][] h, float[][] p, _) = separator.Separate(x, SampleRateHz);

        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < x[c].Length; i++)
            {
                Assert.Equal(x[c][i], h[c][i] + p[c][i], 1e-6f);
            }
        }

        Assert.True(p[0].Max(MathF.Abs) > 0.05f && h[0].Max(MathF.Abs) > 0.05f, "both outputs carry a part of the input");
    }

    [Fact]
    public void Cascade_OnePassWithoutMargins_IsTheMedianFilterSeparationAtItsResolution()
    {
        // One pass at 8192/1024 with 0.395 s and 100 Hz kernels is FitzGerald 2010 (the paper's method, 1 iteration,
        // no spatial model) on 8192-point frames with 17 frames x 19 bins: the same medians and Wiener mask, written as
        // 1 / (1 + s_P / s_H) here, so equal to float rounding.
        float[][] x = Mixture();
        var cascade = new CascadeSeparator(new CascadeSettings { Passes = 1, PercussiveKernelHz = 100 });
        var paper = new KamOfflineSeparator(new KamSettings
        {
            FftSize = 8192, HopSize = 1024, HarmonicKernelFrames = 17, PercussiveKernelBins = 19, Iterations = 1, SpatialModel = false,
        });

        (float[][] h, _, _) = cascade.Separate(x, SampleRateHz);
        SeparatedSignals expected = paper.Separate(x).Final;

        for (int c = 0; c < 2; c++)
        {
            double error = 0, energy = 0;
            for (int i = 0; i < x[c].Length; i++)
            {
                error += Math.Pow(h[c][i] - expected.Harmonic[c][i], 2);
                energy += Math.Pow(expected.Harmonic[c][i], 2);
            }

            Assert.True(10 * Math.Log10(error / energy) < -100, $"channel {c}: {10 * Math.Log10(error / energy):0.0} dB");
        }
    }
}
