using KamHp.Dsp;
using KamHp.Dsp.Separation;

namespace KamHp.Tests.Dsp.Separation;

public sealed class EngineLayoutTests
{
    [Theory]
    [InlineData(LatencyMode.Studio, 2, 4095 + 256 + (2 * 8 * 1024))]
    [InlineData(LatencyMode.Balanced, 2, 4095 + 256 + (2 * 2 * 1024))]
    [InlineData(LatencyMode.Live, 2, 4095 + 256)]
    [InlineData(LatencyMode.Live, 10, 4095 + 256)]
    [InlineData(LatencyMode.Studio, 10, 4095 + 256 + (10 * 8 * 1024))]
    public void Latency_IsStftPlusSpreadPlusIterationsTimesLookAhead_AtPaperSettings(LatencyMode mode, int iterations, int expected)
    {
        var settings = new EngineSettings { LatencyMode = mode, Iterations = iterations };
        Assert.Equal(expected, KamHpEngine.ComputeLatencySamples(44100, settings));
    }

    [Theory]
    [InlineData(44100, 4096, 17, 17)]
    [InlineData(48000, 4096, 19, 15)]
    [InlineData(88200, 8192, 17, 17)]
    [InlineData(96000, 8192, 19, 15)]
    [InlineData(192000, 16384, 19, 15)]
    public void Kernels_FollowPhysicalUnits_AtEveryRate(double rate, int fftSize, int harmonicFrames, int percussiveBins)
    {
        EngineLayout layout = EngineLayout.For(rate, new EngineSettings());
        Assert.Equal(fftSize, layout.FftSize);
        Assert.Equal(fftSize / 4, layout.HopSize);
        Assert.Equal(harmonicFrames, layout.HarmonicKernelFrames);
        Assert.Equal(percussiveBins, layout.PercussiveKernelBins);
        double windowSeconds = layout.FftSize / rate;
        Assert.InRange(windowSeconds, 0.085, 0.094);
    }

    [Fact]
    public void LookAhead_IsZeroLiveTwoBalancedHalfKernelStudio_AndNeverExceedsHalfTheKernel()
    {
        Assert.Equal(0, EngineLayout.LookAhead(LatencyMode.Live, 17));
        Assert.Equal(EngineLayout.BalancedLookAheadFrames, EngineLayout.LookAhead(LatencyMode.Balanced, 17));
        Assert.Equal(1, EngineLayout.LookAhead(LatencyMode.Balanced, 3));
        Assert.Equal(8, EngineLayout.LookAhead(LatencyMode.Studio, 17));
        Assert.Equal(31, EngineLayout.LookAhead(LatencyMode.Studio, 63));
        EngineLayout live = EngineLayout.For(44100, new EngineSettings { LatencyMode = LatencyMode.Live });
        Assert.Equal(4, live.PastFrames);
        Assert.Equal(5, live.HarmonicWindowFrames);
        EngineLayout balanced = EngineLayout.For(44100, new EngineSettings { LatencyMode = LatencyMode.Balanced });
        Assert.Equal(7, balanced.HarmonicWindowFrames);
        EngineLayout studio = EngineLayout.For(44100, new EngineSettings { LatencyMode = LatencyMode.Studio });
        Assert.Equal(8, studio.PastFrames);
        Assert.Equal(17, studio.HarmonicWindowFrames);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(9, 2)]
    [InlineData(13, 4)]
    [InlineData(17, 4)]
    [InlineData(25, 6)]
    [InlineData(33, 8)]
    [InlineData(63, 16)]
    public void CausalPast_IsAnEvenQuarterOfTheKernel_WithinOneAndHalfTheKernel(int kernel, int past)
    {
        Assert.Equal(past, EngineLayout.CausalPastFrames(kernel));
        foreach (LatencyMode mode in new[] { LatencyMode.Live, LatencyMode.Balanced })
        {
            double seconds = kernel * 1024 / 44100.0;
            EngineLayout layout = EngineLayout.For(44100, new EngineSettings { LatencyMode = mode, HarmonicKernelSeconds = seconds });
            Assert.Equal(kernel, layout.HarmonicKernelFrames);
            Assert.True(kernel <= 3 || layout.HarmonicWindowFrames % 2 == 1, $"{mode} K={kernel}: window {layout.HarmonicWindowFrames} has a middle");
        }
    }

    [Fact]
    public void For_ClampsOutOfRangeSettings_InsteadOfThrowing()
    {
        var wild = new EngineSettings
        {
            Iterations = 99,
            HarmonicKernelSeconds = double.NaN,
            PercussiveKernelHz = 1e12,
            LatencyMode = (LatencyMode)7,
        };
        EngineLayout layout = EngineLayout.For(44100, wild);
        Assert.Equal(10, layout.Iterations);
        Assert.Equal(17, layout.HarmonicKernelFrames);
        Assert.Equal(63, layout.PercussiveKernelBins);
        Assert.Equal(8, layout.LookAheadFrames);
        Assert.True(layout.LatencySamples <= EngineLayout.MaxLatencySamples(44100));
    }

    [Fact]
    public void Validate_RejectsEachOutOfRangeValue()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { Iterations = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { Iterations = 11 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { LatencyMode = (LatencyMode)4 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { HarmonicKernelSeconds = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { PercussiveKernelHz = double.PositiveInfinity }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { MaskSharpness = 9 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { SpatialTimeConstantSeconds = 0.01 }.Validate());
        new EngineSettings().Validate();
    }
}
