using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Tests.Editor;

public sealed class EditorInteractionTests
{
    private static readonly EditorLayout s_layout = EditorLayout.Compute(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);

    private static (EditorViewModel Model, EditorInteraction Input, RecordingEditSink Sink) Create()
    {
        var sink = new RecordingEditSink();
        var model = new EditorViewModel(sink);
        return (model, new EditorInteraction(model), sink);
    }

    [Fact]
    public void DraggingTheKnobUp_RaisesBalance_ByTheDragDistance_AsOneGesture()
    {
        var (model, input, sink) = Create();
        var knob = s_layout.BoundsOf(ParameterId.Balance);
        input.PointerDown(s_layout, knob.MidX, knob.MidY, PointerModifiers.None, 1000);
        for (var i = 1; i <= 10; i++)
        {
            input.PointerMove(knob.MidX, knob.MidY - (5 * i), PointerModifiers.None);
        }

        input.PointerUp();
        var expected = 0.5 + (50 / EditorInteraction.KnobTravelPixels);
        Assert.Equal("begin", sink.Calls[0].Kind);
        Assert.Equal("end", sink.Calls[^1].Kind);
        Assert.All(sink.Calls, c => Assert.Equal(ParameterId.Balance, c.Id));
        Assert.Equal(expected, sink.LastPerformed(ParameterId.Balance), 6);
        Assert.Equal(expected, model.Get(ParameterId.Balance), 6);
    }

    [Fact]
    public void BalanceDrag_SnapsToCentre_InsideTheDetent_ButNotWithFine()
    {
        var (model, input, _) = Create();
        model.SetFromHost((uint)ParameterId.Balance, 0.4);
        var knob = s_layout.BoundsOf(ParameterId.Balance);
        input.PointerDown(s_layout, knob.MidX, knob.MidY, PointerModifiers.None, 0);
        input.PointerMove(knob.MidX, knob.MidY - 16, PointerModifiers.None);   // raw 0.48: inside the detent
        Assert.Equal(0.5, model.Get(ParameterId.Balance));
        input.PointerMove(knob.MidX, knob.MidY - 24, PointerModifiers.None);   // raw 0.52: still inside
        Assert.Equal(0.5, model.Get(ParameterId.Balance));
        input.PointerMove(knob.MidX, knob.MidY - 40, PointerModifiers.None);   // raw 0.60: out
        Assert.Equal(0.6, model.Get(ParameterId.Balance), 6);
        input.PointerMove(knob.MidX, knob.MidY - 120, PointerModifiers.Fine);  // fine: 80 px = 0.04
        Assert.Equal(0.64, model.Get(ParameterId.Balance), 6);
        input.PointerUp();
    }

    [Fact]
    public void DoubleClick_ResetsToDefault()
    {
        var (model, input, sink) = Create();
        model.SetFromHost((uint)ParameterId.Balance, 0.9);
        var knob = s_layout.BoundsOf(ParameterId.Balance);
        input.PointerDown(s_layout, knob.MidX, knob.MidY, PointerModifiers.None, 5000);
        input.PointerUp();
        input.PointerDown(s_layout, knob.MidX, knob.MidY, PointerModifiers.None, 5200);
        input.PointerUp();

        Assert.Equal(0.5, model.Get(ParameterId.Balance));
        Assert.Equal(0.5, sink.LastPerformed(ParameterId.Balance));

        // Too slow for a double-click: no reset.
        model.SetFromHost((uint)ParameterId.Balance, 0.9);
        input.PointerDown(s_layout, knob.MidX, knob.MidY, PointerModifiers.None, 10000);
        input.PointerUp();
        input.PointerDown(s_layout, knob.MidX, knob.MidY, PointerModifiers.None, 10000 + EditorInteraction.DoubleClickMilliseconds + 1);
        input.PointerUp();
        Assert.Equal(0.9, model.Get(ParameterId.Balance));
    }

    [Fact]
    public void Wheel_StepsTheKnob_FineWithModifier()
    {
        var (model, input, sink) = Create();
        var knob = s_layout.BoundsOf(ParameterId.Balance);
        input.Wheel(s_layout, knob.MidX, knob.MidY, 3, PointerModifiers.None);
        Assert.Equal(0.5 + (3 * EditorInteraction.WheelStep), model.Get(ParameterId.Balance), 9);
        input.Wheel(s_layout, knob.MidX, knob.MidY, -1, PointerModifiers.Fine);
        Assert.Equal(0.5 + (2.9 * EditorInteraction.WheelStep), model.Get(ParameterId.Balance), 9);
        Assert.Equal(["begin", "perform", "end", "begin", "perform", "end"], sink.Kinds);
    }

    [Fact]
    public void Clicks_SelectSegments_ToggleButtons_AndStepIterations()
    {
        var (model, input, _) = Create();
        var output = s_layout.BoundsOf(ParameterId.Output);
        input.PointerDown(s_layout, output.Left + (output.Width * 5 / 6), output.MidY, PointerModifiers.None, 0);
        input.PointerUp();
        Assert.Equal((int)OutputMode.PercussiveSolo, model.GetStep(ParameterId.Output));

        var bypass = s_layout.BoundsOf(ParameterId.Bypass);
        input.PointerDown(s_layout, bypass.MidX, bypass.MidY, PointerModifiers.None, 1000);
        input.PointerUp();
        Assert.Equal(1.0, model.Get(ParameterId.Bypass));

        var iterations = s_layout.BoundsOf(ParameterId.Iterations);
        input.PointerDown(s_layout, iterations.Right - 4, iterations.MidY, PointerModifiers.None, 2000);
        input.PointerUp();
        Assert.Equal(3.0, model.GetPlain(ParameterId.Iterations));
        input.PointerDown(s_layout, iterations.Left + 4, iterations.MidY, PointerModifiers.None, 3000);
        input.PointerUp();
        input.PointerDown(s_layout, iterations.Left + 4, iterations.MidY, PointerModifiers.None, 4000);
        input.PointerUp();
        input.PointerDown(s_layout, iterations.Left + 4, iterations.MidY, PointerModifiers.None, 5000);
        input.PointerUp();
        Assert.Equal(1.0, model.GetPlain(ParameterId.Iterations));
    }

    [Fact]
    public void FaderDrag_ToTheBottom_ReachesMinusInfinity()
    {
        var (model, input, sink) = Create();
        var fader = s_layout.BoundsOf(ParameterId.PercussiveLevel);
        input.PointerDown(s_layout, fader.MidX, fader.MidY, PointerModifiers.None, 0);
        input.PointerMove(fader.MidX, fader.MidY + 1000, PointerModifiers.None);
        input.PointerUp();
        Assert.Equal(0.0, sink.LastPerformed(ParameterId.PercussiveLevel));
        Assert.Equal("-inf dB", model.Display(ParameterId.PercussiveLevel));
    }

    [Fact]
    public void Layout_NeverOverlapsControls_AtTheMinimumAndALargeSize()
    {
        foreach (var (w, h) in new[] { (EditorLayout.MinimumWidth, EditorLayout.MinimumHeight), (1600, 1000) })
        {
            var layout = EditorLayout.Compute(w, h);
            var rects = layout.Controls.Select(c => c.Bounds).Append(layout.Meters).Append(layout.Spectrogram).ToList();
            for (var i = 0; i < rects.Count; i++)
            {
                Assert.True(rects[i].Left >= 0 && rects[i].Top >= 0 && rects[i].Right <= w && rects[i].Bottom <= h, $"rect {i} outside {w}x{h}");
                for (var j = i + 1; j < rects.Count; j++)
                {
                    Assert.False(rects[i].IntersectsWith(rects[j]), $"rects {i} and {j} overlap at {w}x{h}");
                }
            }

            Assert.True(layout.Spectrogram.Height >= 60);
        }
    }
}
