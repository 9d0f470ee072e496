using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Tests.Plugin;

/// <summary>The Instant mode was appended to the latency mode list: states saved before keep their mode.</summary>
public sealed class LatencyModeStateTests
{
    private const double SampleRateHz = 44100;

    [Theory]
    [InlineData(0.0, LatencyMode.Live)]
    [InlineData(1.0, LatencyMode.Balanced)]
    [InlineData(2.0, LatencyMode.Studio)]
    [InlineData(3.0, LatencyMode.Instant)]
    public void SavedLatencyMode_LoadsAsTheSameMode_WithItsLatency(double storedPlain, LatencyMode expected)
    {
        // States store plain values by parameter id, so appending a list value leaves 0, 1, 2 meaning what they meant.
        var processor = new KamHpProcessor();
        byte[] saved = PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.LatencyMode, storedPlain));
        Assert.Equal(StateReadStatus.Ok, processor.LoadState(saved));
        processor.Activate(SampleRateHz, 512, 2);
        int wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, new EngineSettings { LatencyMode = expected, Method = SeparationMethod.HiRes });
        Assert.Equal(wanted, processor.LatencySamples);
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(processor.SaveState(), out PluginState? roundTrip));
        Assert.Equal(storedPlain, roundTrip!.GetPlain(ParameterId.LatencyMode), 9);
    }

    [Fact]
    public void InstantMode_ReportsAtMostTwelveMilliseconds()
    {
        var processor = new KamHpProcessor();
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.LatencyMode, 0, (double)LatencyMode.Instant));
        processor.Activate(SampleRateHz, 512, 2);
        Assert.InRange(processor.LatencySamples, 1, (int)(0.012 * SampleRateHz));
    }
}
