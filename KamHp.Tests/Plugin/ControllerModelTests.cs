using AudioPlugSharp.KamHp.Controller;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;

namespace KamHp.Tests.Plugin;

public sealed class ControllerModelTests
{
    private static readonly ParameterDefinition s_latency = ParameterTable.Get(ParameterId.Latency);

    [Fact]
    public void ReportedLatency_DifferentFromTheActiveOne_AsksForOneRestart()
    {
        var model = new ControllerModel();
        model.OnProcessorActivated(21504);
        Assert.False(Report(model, 21504));
        Assert.True(Report(model, 30720));
        Assert.False(Report(model, 30720)); // the same request again: no second restart
        model.OnProcessorActivated(30720);
        Assert.False(Report(model, 30720));
        Assert.True(Report(model, 21504));
    }

    [Fact]
    public void IgnoredRestart_IsRequestedAgain_AfterTheValueWentBackAndForth()
    {
        var model = new ControllerModel();
        model.OnProcessorActivated(1000);
        Assert.True(Report(model, 2000)); // the host ignores it
        Assert.False(Report(model, 1000));
        Assert.True(Report(model, 2000));
    }

    [Fact]
    public void WithoutActivationMessage_TheFirstReportIsTakenAsActive()
    {
        var model = new ControllerModel();
        Assert.False(Report(model, 1000));
        Assert.True(Report(model, 2000));
        Assert.False(Report(model, 2000));
        Assert.True(Report(model, 1000));
    }

    [Fact]
    public void OtherParameters_NeverAskForARestart_AndUnknownIdsAreRejected()
    {
        var model = new ControllerModel();
        model.OnProcessorActivated(1000);
        foreach (var p in ParameterTable.All.Where(p => p.Id != ParameterId.Latency))
        {
            Assert.True(model.TrySetNormalized((uint)p.Id, 0.77, out var restart));
            Assert.False(restart);
            Assert.Equal(0.77, model.GetNormalized((uint)p.Id));
        }

        Assert.False(model.TrySetNormalized(12345, 0.5, out _));
        Assert.False(model.TrySetNormalized((uint)ParameterId.Balance, double.NaN, out _));
    }

    [Fact]
    public void EndToEnd_ProcessorReport_DrivesTheControllerRestart_AndReactivationAdoptsTheLatency()
    {
        var processor = new KamHpProcessor();
        processor.Activate(44100, 1024, 2);
        var model = new ControllerModel();
        model.OnProcessorActivated(processor.LatencySamples);

        // The host delivers a latency-changing edit to the processor; the processor's report reaches the controller.
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.LatencyMode, 0, 0));
        Assert.True(model.TrySetNormalized((uint)ParameterId.Latency, processor.GetNormalized(ParameterId.Latency), out var restart));
        Assert.True(restart);

        // The host restarts: the processor adopts, the controller hears about it, the next report asks for nothing.
        processor.Deactivate();
        processor.Activate(44100, 1024, 2);
        model.OnProcessorActivated(processor.LatencySamples);
        Assert.Equal(processor.PendingLatencySamples, processor.LatencySamples);
        Assert.True(model.TrySetNormalized((uint)ParameterId.Latency, processor.GetNormalized(ParameterId.Latency), out restart));
        Assert.False(restart);
    }

    [Fact]
    public void SetComponentState_MirrorsTheProcessorState_AndRefusesBadData_KeepingValues()
    {
        var model = new ControllerModel();
        var state = PluginState.Default.WithPlain(ParameterId.Bypass, 1).WithPlain(ParameterId.Iterations, 6);
        var bytes = PluginStateFormat.Serialize(state);
        Assert.Equal(StateReadStatus.Ok, model.SetComponentState(bytes, out var latencyMayChange));
        Assert.True(latencyMayChange); // Iterations changed
        Assert.Equal(1.0, model.GetNormalized((uint)ParameterId.Bypass));
        Assert.Equal(state.Get(ParameterId.Iterations), model.GetNormalized((uint)ParameterId.Iterations));

        Assert.Equal(StateReadStatus.Truncated, model.SetComponentState(bytes.AsSpan(0, bytes.Length - 3), out _));
        Assert.Equal(StateReadStatus.ForeignFormat, model.SetComponentState("nope"u8, out _));
        Assert.Equal(1.0, model.GetNormalized((uint)ParameterId.Bypass));
        Assert.Equal(state.Get(ParameterId.Iterations), model.GetNormalized((uint)ParameterId.Iterations));
    }

    [Theory]
    [InlineData(ParameterId.Iterations, 5.0, true)]
    [InlineData(ParameterId.LatencyMode, 0.0, true)]
    [InlineData(ParameterId.HarmonicKernel, 200.0, true)]
    [InlineData(ParameterId.Balance, 30.0, false)]
    [InlineData(ParameterId.SpatialModel, 0.0, false)]
    public void SetComponentState_FlagsALatencyRestart_OnlyWhenALatencyParameterChanged(ParameterId id, double plain, bool expected)
    {
        var model = new ControllerModel();
        Assert.Equal(StateReadStatus.Ok, model.SetComponentState(PluginStateFormat.Serialize(PluginState.Default.WithPlain(id, plain)), out var latencyMayChange));
        Assert.Equal(expected, latencyMayChange);
    }

    private static bool Report(ControllerModel model, int latencySamples)
    {
        Assert.True(model.TrySetNormalized((uint)ParameterId.Latency, s_latency.ToNormalized(latencySamples), out var restart));
        return restart;
    }
}
