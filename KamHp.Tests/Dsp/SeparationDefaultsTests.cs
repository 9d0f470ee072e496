using KamHp.Dsp;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;

namespace KamHp.Tests.Dsp;

public sealed class SeparationDefaultsTests
{
    [Fact]
    public void Defaults_AreThePapersSetting_InTheOfflineAndTheStreamingSettings()
    {
        Assert.Equal(new KamSettings(), KamSettings.ForRate(44100));
        Assert.Equal(new KamSettings(), KamSettings.ForRate(48000));
        var engine = new EngineSettings();
        Assert.Equal(2, engine.Iterations);
        Assert.Equal(0.395, engine.HarmonicKernelSeconds, 3);
        Assert.Equal(183.0, engine.PercussiveKernelHz, 0);
        EngineLayout layout = EngineLayout.For(44100, engine);
        Assert.Equal((4096, 1024, 17, 17), (layout.FftSize, layout.HopSize, layout.HarmonicKernelFrames, layout.PercussiveKernelBins));
    }

    [Fact]
    public void ForRate_ScalesTheFrame_AndKeepsTheKernelsPhysicalSizes()
    {
        KamSettings settings = KamSettings.ForRate(96000);
        Assert.Equal((8192, 2048, 19, 15), (settings.FftSize, settings.HopSize, settings.HarmonicKernelFrames, settings.PercussiveKernelBins));
        Assert.Equal(512, KamSettings.ForRate(96000, fftSize: 1024, hopSize: 512).HopSize);
    }

    [Theory]
    [InlineData(2.0, true)]
    [InlineData(1.99, false)]
    [InlineData(63.99, true)]
    [InlineData(64.0, false)]
    [InlineData(double.NaN, false)]
    public void KernelSizes_Fits_OnlyCountsThatRoundIntoTheRange(double idealCount, bool fits)
    {
        Assert.Equal(fits, KernelSizes.Fits(idealCount));
        Assert.Equal(17.0, KernelSizes.IdealHarmonicFrames(SeparationDefaults.HarmonicKernelSeconds, 44100, 1024), 9);
    }
}
