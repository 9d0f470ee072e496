using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Tests.Plugin;

public sealed class ActivationRateTests
{
    /// <summary>The sample rates Steinberg's validator activates the plugin at ("Process Format"), odd ones included.</summary>
    [Theory]
    [InlineData(22050.0)]
    [InlineData(384000.0)]
    [InlineData(1234.5678)]
    [InlineData(12345.678)]
    [InlineData(123456.78)]
    [InlineData(1234567.8)]
    public void Processor_Activates_AtEveryRateAHostMayAskFor(double sampleRateHz)
    {
        var processor = new KamHpProcessor();

        processor.Activate(sampleRateHz, 8192, 2);

        Assert.True(processor.IsActive);
        Assert.True(processor.LatencySamples > 0);
    }
}
