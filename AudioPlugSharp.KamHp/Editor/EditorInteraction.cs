using AudioPlugSharp.KamHp.Parameters;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// Turns pointer input (logical pixels, platform-neutral) into view-model gestures: drag and wheel on knobs, faders and
/// sliders (fine with a modifier), a centre detent on Balance, double-click to reset, clicks on list segments,
/// toggles and the iteration stepper. One drag edits one parameter as one gesture (begin, changes, end).
/// </summary>
public sealed class EditorInteraction
{
    /// <summary>Pixels of drag for the full range of a knob.</summary>
    public const float KnobTravelPixels = 200f;

    /// <summary>Normalized distance from the centre inside which a normal-speed Balance drag snaps to 0 % (transparent).</summary>
    public const double DetentWidth = 0.03;

    /// <summary>Normalized change of one wheel notch (a tenth of it with <see cref="PointerModifiers.Fine"/>).</summary>
    public const double WheelStep = 0.02;

    /// <summary>Two presses on the same control within this time are a double-click.</summary>
    public const long DoubleClickMilliseconds = 400;

    private const double FineFactor = 0.1;

    private readonly EditorViewModel _model;
    private ControlSlot? _drag;
    private float _lastX;
    private float _lastY;
    private double _raw;
    private ParameterId? _lastPressId;
    private long _lastPressMs;

    /// <summary>Edits <paramref name="model"/>.</summary>
    public EditorInteraction(EditorViewModel model) => _model = model;

    /// <summary>True while a drag gesture is open.</summary>
    public bool IsDragging => _drag is not null;

    /// <summary>A button press at a logical point; <paramref name="timeMs"/> is the platform's event time.</summary>
    public void PointerDown(EditorLayout layout, float x, float y, PointerModifiers modifiers, long timeMs)
    {
        EndDrag();
        var hit = layout.HitTest(x, y);
        if (hit is not { } slot)
        {
            return;
        }

        var doubleClick = _lastPressId == slot.Id && timeMs >= _lastPressMs && timeMs - _lastPressMs <= DoubleClickMilliseconds;

        // After a double-click the next press starts afresh (a triple click is not a second double-click).
        _lastPressId = doubleClick ? null : slot.Id;
        _lastPressMs = timeMs;
        switch (slot.Kind)
        {
            case ControlKind.Toggle:
                _model.Set(slot.Id, _model.Get(slot.Id) >= 0.5 ? 0.0 : 1.0);
                return;
            case ControlKind.Segmented:
                var p = ParameterTable.Get(slot.Id);
                var count = (int)(p.Maximum - p.Minimum) + 1;
                var step = (int)Math.Clamp((x - slot.Bounds.Left) / slot.Bounds.Width * count, 0, count - 1);
                _model.SetStep(slot.Id, step);
                return;
            case ControlKind.Stepper:
                _model.SetStep(slot.Id, _model.GetStep(slot.Id) + (x < slot.Bounds.MidX ? -1 : 1));
                return;
        }

        if (doubleClick)
        {
            _model.ResetToDefault(slot.Id);
            return;
        }

        _drag = slot;
        _lastX = x;
        _lastY = y;
        _raw = _model.Get(slot.Id);
        _model.BeginGesture(slot.Id);
    }

    /// <summary>Pointer motion (with or without a button held).</summary>
    public void PointerMove(float x, float y, PointerModifiers modifiers)
    {
        if (_drag is not { } slot)
        {
            return;
        }

        float dx = x - _lastX, dy = y - _lastY;
        _lastX = x;
        _lastY = y;
        var pixels = slot.Kind switch
        {
            ControlKind.Fader => -dy / Math.Max(1f, slot.Bounds.Height - 60f),
            ControlKind.Slider => dx / Math.Max(1f, slot.Bounds.Width),
            _ => (dx - dy) / KnobTravelPixels,
        };
        var fine = (modifiers & PointerModifiers.Fine) != 0;
        _raw = Math.Clamp(_raw + (pixels * (fine ? FineFactor : 1.0)), 0.0, 1.0);
        _model.Change(slot.Id, Detent(slot.Id, _raw, fine));
    }

    /// <summary>Button release: ends the drag gesture.</summary>
    public void PointerUp() => EndDrag();

    /// <summary>Wheel notches at a logical point (positive = up/more).</summary>
    public void Wheel(EditorLayout layout, float x, float y, float notches, PointerModifiers modifiers)
    {
        if (_drag is not null || layout.HitTest(x, y) is not { } slot || notches == 0 || !float.IsFinite(notches))
        {
            return;
        }

        switch (slot.Kind)
        {
            case ControlKind.Toggle:
                return;
            case ControlKind.Segmented:
            case ControlKind.Stepper:
                _model.SetStep(slot.Id, _model.GetStep(slot.Id) + Math.Sign(notches));
                return;
        }

        var fine = (modifiers & PointerModifiers.Fine) != 0;
        var value = Math.Clamp(_model.Get(slot.Id) + (notches * WheelStep * (fine ? FineFactor : 1.0)), 0.0, 1.0);
        _model.Set(slot.Id, Detent(slot.Id, value, fine));
    }

    private static double Detent(ParameterId id, double value, bool fine) =>
        id == ParameterId.Balance && !fine && Math.Abs(value - 0.5) < DetentWidth ? 0.5 : value;

    private void EndDrag()
    {
        if (_drag is { } slot)
        {
            _drag = null;
            _model.EndGesture(slot.Id);
        }
    }
}
