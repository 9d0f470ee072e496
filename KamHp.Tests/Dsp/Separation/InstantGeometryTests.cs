using KamHp.Dsp.Separation;

namespace KamHp.Tests.Dsp.Separation;

public sealed class InstantGeometryTests
{
    private const double PaperSeconds = KernelSizes.PaperHarmonicKernelSeconds;
    private const double PaperHz = KernelSizes.PaperPercussiveKernelHz;

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(88200)]
    [InlineData(96000)]
    [InlineData(176400)]
    [InlineData(192000)]
    public void Latency_IsAtMostTwelveMilliseconds_From44To192Kilohertz(double rate)
    {
        InstantGeometry geometry = InstantGeometry.For(rate, PaperSeconds, PaperHz);
        Assert.True(geometry.LatencySamples <= 0.012 * rate, $"{geometry.LatencySamples} samples at {rate} Hz");
        Assert.True(geometry.LatencySamples >= 0.010 * rate, $"{geometry.LatencySamples} samples at {rate} Hz uses too little of the budget");
    }

    [Fact]
    public void At44Kilohertz_TheGeometryIsTheMeasuredOne()
    {
        InstantGeometry geometry = InstantGeometry.For(44100, PaperSeconds, PaperHz);
        Assert.Equal(8192, geometry.EstimationFftSize);
        Assert.Equal(512, geometry.SynthesisFftSize);
        Assert.Equal(256, geometry.HopSize);
        Assert.Equal(512, geometry.EstimationHopSize);
        Assert.Equal(2, geometry.PastFrames);
        Assert.Equal(19, geometry.PercussiveKernelBins);
        Assert.Equal(9, geometry.RefinementPercussiveKernelBins);
        Assert.Equal(16, geometry.SpreadSamples);
        Assert.Equal(527, geometry.LatencySamples);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(96000)]
    [InlineData(192000)]
    public void Kernels_FollowPhysicalUnits_AcrossRates(double rate)
    {
        InstantGeometry geometry = InstantGeometry.For(rate, PaperSeconds, PaperHz);
        double pastSeconds = geometry.PastFrames * geometry.EstimationHopSize / rate;
        Assert.InRange(pastSeconds, 0.020, 0.045);   // 33 ms rounded to an even count of estimation frames
        double widthHz = geometry.PercussiveKernelBins * rate / geometry.EstimationFftSize;
        Assert.InRange(widthHz, 85, 120);
        double refinementHz = geometry.RefinementPercussiveKernelBins * rate / geometry.EstimationFftSize;
        Assert.InRange(refinementHz, 35, 60);
    }

    [Fact]
    public void LongerKernelSettings_GiveMorePastFramesAndWiderPercussiveKernels()
    {
        InstantGeometry paper = InstantGeometry.For(44100, PaperSeconds, PaperHz);
        InstantGeometry longer = InstantGeometry.For(44100, 4 * PaperSeconds, 2 * PaperHz);
        Assert.Equal(2, paper.PastFrames);     // 33 ms = 2.85 estimation frames of 512 samples, rounded to an even count
        Assert.Equal(12, longer.PastFrames);   // 132 ms = 11.4 frames
        Assert.True(longer.PercussiveKernelBins > paper.PercussiveKernelBins + 14);
        Assert.True(longer.RefinementPercussiveKernelBins > paper.RefinementPercussiveKernelBins + 6);
        Assert.Equal(paper.LatencySamples, longer.LatencySamples);
    }

    [Fact]
    public void Windows_HaveTheGeometrysSizes_AndTheSynthesisPairIsTheSquareRootHannPair()
    {
        InstantGeometry geometry = InstantGeometry.For(48000, PaperSeconds, PaperHz);
        var estimation = geometry.EstimationWindows();
        var synthesis = geometry.SynthesisWindows();
        Assert.Equal(geometry.EstimationFftSize, estimation.FrameSize);
        Assert.Equal(geometry.SynthesisFftSize / 2, estimation.OutputSize);   // right-hand taper: a quarter of the synthesis frame
        Assert.Equal(geometry.SynthesisFftSize, synthesis.FrameSize);
        Assert.Equal(geometry.SynthesisFftSize, synthesis.OutputSize);
        Assert.True(synthesis.LatencySamples < geometry.LatencySamples);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void For_RefusesANonPositiveRate(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InstantGeometry.For(rate, PaperSeconds, PaperHz));
}
