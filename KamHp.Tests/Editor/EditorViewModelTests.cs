using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Tests.Editor;

public sealed class EditorViewModelTests
{
    [Fact]
    public void Gesture_SendsBeginPerformEnd_WithTheNewValue()
    {
        var sink = new RecordingEditSink();
        var model = new EditorViewModel(sink);
        model.BeginGesture(ParameterId.Balance);
        model.Change(ParameterId.Balance, 0.75);
        model.Change(ParameterId.Balance, 0.8);
        model.EndGesture(ParameterId.Balance);

        Assert.Equal(["begin", "perform", "perform", "end"], sink.Kinds);
        Assert.All(sink.Calls, c => Assert.Equal(ParameterId.Balance, c.Id));
        Assert.Equal(0.8, sink.LastPerformed(ParameterId.Balance));
        Assert.Equal(0.8, model.Get(ParameterId.Balance));
        Assert.Equal("60 %", model.Display(ParameterId.Balance));
    }

    [Fact]
    public void HostValue_MovesTheControl_WithoutEchoingAnEdit()
    {
        var sink = new RecordingEditSink();
        var model = new EditorViewModel(sink);
        var revision = model.Revision;
        model.SetFromHost((uint)ParameterId.HarmonicLevel, 0.0);
        model.SetFromHost(12345, 0.5);
        model.SetFromHost((uint)ParameterId.Balance, double.NaN);

        Assert.Empty(sink.Calls);
        Assert.Equal("-inf dB", model.Display(ParameterId.HarmonicLevel));
        Assert.Equal(revision + 1, model.Revision);
        Assert.Equal(0.5, model.Get(ParameterId.Balance));
    }

    [Fact]
    public void SteppedParameter_SnapsToItsSteps_AndUnchangedValuesAreNotSent()
    {
        var sink = new RecordingEditSink();
        var model = new EditorViewModel(sink);
        model.BeginGesture(ParameterId.Iterations);
        model.Change(ParameterId.Iterations, 0.5);          // 1 + round(4.5) = 6 (banker's rounding gives 5 or 6; ToPlain decides)
        var first = model.Get(ParameterId.Iterations);
        model.Change(ParameterId.Iterations, first + 0.01); // same step: no second perform
        model.EndGesture(ParameterId.Iterations);

        Assert.Equal(["begin", "perform", "end"], sink.Kinds);
        Assert.Equal(ParameterTable.Get(ParameterId.Iterations).ToNormalized(ParameterTable.Get(ParameterId.Iterations).ToPlain(0.5)), first);
    }

    [Fact]
    public void ReadOnlyLatency_CannotBeEdited_ButShowsMilliseconds()
    {
        var sink = new RecordingEditSink();
        var model = new EditorViewModel(sink) { SampleRateHz = 48000 };
        model.Set(ParameterId.Latency, 0.5);
        model.SetFromHost((uint)ParameterId.Latency, ParameterTable.Get(ParameterId.Latency).ToNormalized(4800));

        Assert.Empty(sink.Calls);
        Assert.Equal("100.0 ms", model.LatencyText());
    }

    [Fact]
    public void NewGesture_EndsAGestureLeftOpen()
    {
        var sink = new RecordingEditSink();
        var model = new EditorViewModel(sink);
        model.BeginGesture(ParameterId.Balance);
        model.BeginGesture(ParameterId.HarmonicLevel);
        model.EndGesture(ParameterId.HarmonicLevel);

        Assert.Equal(
            [("begin", ParameterId.Balance), ("end", ParameterId.Balance), ("begin", ParameterId.HarmonicLevel), ("end", ParameterId.HarmonicLevel)],
            sink.Calls.Select(c => (c.Kind, c.Id)));
    }
}
