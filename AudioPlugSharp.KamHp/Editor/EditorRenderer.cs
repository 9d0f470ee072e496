using AudioPlugSharp.KamHp.Parameters;
using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// Draws the whole editor into a Skia canvas in logical pixels (the caller scales for the content scale factor).
/// Reads the view model, meters and spectrogram; changes nothing. Paints and fonts are made once per renderer.
/// </summary>
public sealed partial class EditorRenderer : IDisposable
{
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private readonly SKFont _small = new(EditorFonts.Regular, 11f) { Subpixel = true, Edging = SKFontEdging.Antialias };
    private readonly SKFont _normal = new(EditorFonts.Regular, 13f) { Subpixel = true, Edging = SKFontEdging.Antialias };
    private readonly SKFont _title = new(EditorFonts.Bold, 18f) { Subpixel = true, Edging = SKFontEdging.Antialias };
    private readonly SKFont _big = new(EditorFonts.Bold, 20f) { Subpixel = true, Edging = SKFontEdging.Antialias };

    /// <summary>Draws everything.</summary>
    public void Draw(SKCanvas canvas, EditorLayout layout, EditorViewModel model, MeterState meters, SpectrogramHistory spectrogram)
    {
        canvas.Clear(EditorPalette.Background);
        DrawHeader(canvas, layout);
        foreach (var slot in layout.Controls)
        {
            switch (slot.Kind)
            {
                case ControlKind.Knob:
                    DrawBalanceKnob(canvas, slot.Bounds, model);
                    break;
                case ControlKind.Fader:
                    DrawFader(canvas, slot, model);
                    break;
                case ControlKind.Segmented:
                    DrawSegmented(canvas, slot, model);
                    break;
                case ControlKind.Toggle:
                    DrawToggle(canvas, slot, model);
                    break;
                case ControlKind.Stepper:
                    DrawStepper(canvas, slot, model);
                    break;
                case ControlKind.Slider:
                    DrawSlider(canvas, slot, model);
                    break;
            }
        }

        DrawMeters(canvas, layout.Meters, meters);
        DrawSpectrogram(canvas, layout.Spectrogram, spectrogram);
    }

    /// <summary>Frees paints and fonts.</summary>
    public void Dispose()
    {
        _fill.Dispose();
        _stroke.Dispose();
        _text.Dispose();
        _small.Dispose();
        _normal.Dispose();
        _title.Dispose();
        _big.Dispose();
    }

    private void DrawHeader(SKCanvas canvas, EditorLayout layout)
    {
        Fill(canvas, layout.Header, EditorPalette.Panel);
        Text(canvas, "KamHp", 16, 27, _title, EditorPalette.Text);
        Text(canvas, "harmonic / percussive separation", 98, 26, _small, EditorPalette.Dim);
    }

    private void DrawBalanceKnob(SKCanvas canvas, SKRect bounds, EditorViewModel model)
    {
        Fill(canvas, bounds, EditorPalette.Panel, 8);
        var cx = bounds.MidX;
        var cy = bounds.Top + 100;
        const float Radius = 66f;
        var value = (float)model.Get(ParameterId.Balance);

        // 270 degrees of travel from bottom left (drums, -100 %) through the top (0 %) to bottom right (melody, +100 %).
        var arc = new SKRect(cx - Radius, cy - Radius, cx + Radius, cy + Radius);
        SetStroke(EditorPalette.Track, 9f);
        canvas.DrawArc(arc, 135f, 270f, false, _stroke);
        var angle = 135f + (270f * value);
        var side = value < 0.5f ? EditorPalette.Percussive : EditorPalette.Harmonic;
        SetStroke(side, 9f);
        canvas.DrawArc(arc, 270f, angle - 270f, false, _stroke);

        // Centre detent mark and the body with its pointer.
        SetStroke(EditorPalette.Dim, 2f);
        canvas.DrawLine(cx, cy - Radius - 10, cx, cy - Radius - 4, _stroke);
        _fill.Color = EditorPalette.Track;
        canvas.DrawCircle(cx, cy, Radius - 14, _fill);
        _fill.Color = EditorPalette.Background;
        canvas.DrawCircle(cx, cy, Radius - 18, _fill);
        var radians = angle * MathF.PI / 180f;
        SetStroke(EditorPalette.Text, 4f);
        canvas.DrawLine(
            cx + ((Radius - 42) * MathF.Cos(radians)), cy + ((Radius - 42) * MathF.Sin(radians)),
            cx + ((Radius - 20) * MathF.Cos(radians)), cy + ((Radius - 20) * MathF.Sin(radians)), _stroke);

        Centered(canvas, model.Display(ParameterId.Balance), cx, cy + 7, _big, EditorPalette.Text);
        Text(canvas, "DRUMS", bounds.Left + 14, cy + Radius + 18, _normal, EditorPalette.Percussive);
        Right(canvas, "MELODY", bounds.Right - 14, cy + Radius + 18, _normal, EditorPalette.Harmonic);
        Centered(canvas, "Balance", cx, bounds.Bottom - 14, _normal, EditorPalette.Dim);
    }

    private void DrawFader(SKCanvas canvas, ControlSlot slot, EditorViewModel model)
    {
        var b = slot.Bounds;
        Fill(canvas, b, EditorPalette.Panel, 8);
        var color = slot.Id == ParameterId.HarmonicLevel ? EditorPalette.Harmonic : EditorPalette.Percussive;
        Centered(canvas, slot.Id == ParameterId.HarmonicLevel ? "Melody" : "Drums", b.MidX, b.Top + 18, _small, color);
        var track = new SKRect(b.MidX - 3, b.Top + 30, b.MidX + 3, b.Bottom - 30);
        Fill(canvas, track, EditorPalette.Track, 3);
        var value = (float)model.Get(slot.Id);
        var y = track.Bottom - (value * track.Height);
        Fill(canvas, new SKRect(track.Left, y, track.Right, track.Bottom), color, 3);

        // 0 dB tick, then the thumb.
        var unity = track.Bottom - ((float)FaderLaw.UnityNormalized * track.Height);
        SetStroke(EditorPalette.Dim, 1f);
        canvas.DrawLine(b.Left + 8, unity, b.Left + 16, unity, _stroke);
        Fill(canvas, new SKRect(b.Left + 12, y - 5, b.Right - 12, y + 5), EditorPalette.Text, 3);
        Centered(canvas, model.Display(slot.Id), b.MidX, b.Bottom - 10, _small, EditorPalette.Text);
    }

    private void DrawSegmented(SKCanvas canvas, ControlSlot slot, EditorViewModel model)
    {
        var b = slot.Bounds;
        var p = ParameterTable.Get(slot.Id);
        var title = slot.Id == ParameterId.LatencyMode ? $"{p.Title}  ·  {model.LatencyText()}" : p.Title;
        Text(canvas, title, b.Left, b.Top - 7, _small, EditorPalette.Dim);
        var count = p.Labels.Count;
        var selected = model.GetStep(slot.Id);
        var width = b.Width / count;
        for (var i = 0; i < count; i++)
        {
            var cell = new SKRect(b.Left + (i * width) + 1, b.Top, b.Left + ((i + 1) * width) - 1, b.Bottom);
            var on = i == selected;
            Fill(canvas, cell, on ? SegmentColor(slot.Id, i) : EditorPalette.Panel, 4);
            var label = p.Labels[i].Replace(" solo", "", StringComparison.Ordinal);
            Centered(canvas, label, cell.MidX, cell.MidY + 5, _normal, on ? EditorPalette.Background : EditorPalette.Text);
        }
    }

    private static SKColor SegmentColor(ParameterId id, int step) => id == ParameterId.Output
        ? step switch { 1 => EditorPalette.Harmonic, 2 => EditorPalette.Percussive, _ => EditorPalette.Input }
        : EditorPalette.Input;

    private void DrawToggle(SKCanvas canvas, ControlSlot slot, EditorViewModel model)
    {
        var b = slot.Bounds;
        var on = model.Get(slot.Id) >= 0.5;
        var bypass = slot.Id == ParameterId.Bypass;
        var lit = bypass ? EditorPalette.Warning : EditorPalette.Input;
        Fill(canvas, b, on ? lit : EditorPalette.Panel, 4);
        if (!on)
        {
            SetStroke(EditorPalette.Track, 1f);
            canvas.DrawRoundRect(b, 4, 4, _stroke);
        }

        var label = bypass ? "Bypass" : "Spatial " + (on ? "on" : "off");
        Centered(canvas, label, b.MidX, b.MidY + 5, _normal, on ? EditorPalette.Background : EditorPalette.Text);
    }

    private void DrawStepper(SKCanvas canvas, ControlSlot slot, EditorViewModel model)
    {
        var b = slot.Bounds;
        Text(canvas, ParameterTable.Get(slot.Id).Title, b.Left, b.Top - 7, _small, EditorPalette.Dim);
        Fill(canvas, b, EditorPalette.Panel, 4);
        Centered(canvas, "\u2212", b.Left + 14, b.MidY + 5, _normal, EditorPalette.Text);
        Centered(canvas, "+", b.Right - 14, b.MidY + 5, _normal, EditorPalette.Text);
        Centered(canvas, model.Display(slot.Id), b.MidX, b.MidY + 5, _normal, EditorPalette.Text);
    }

    private void DrawSlider(SKCanvas canvas, ControlSlot slot, EditorViewModel model)
    {
        var b = slot.Bounds;
        Fill(canvas, b, EditorPalette.Panel, 6);
        Text(canvas, ParameterTable.Get(slot.Id).Title, b.Left + 10, b.Top + 15, _small, EditorPalette.Dim);
        Right(canvas, model.Display(slot.Id), b.Right - 10, b.Top + 15, _small, EditorPalette.Text);
        var track = new SKRect(b.Left + 10, b.Bottom - 12, b.Right - 10, b.Bottom - 8);
        Fill(canvas, track, EditorPalette.Track, 2);
        var x = track.Left + ((float)model.Get(slot.Id) * track.Width);
        Fill(canvas, new SKRect(track.Left, track.Top, x, track.Bottom), EditorPalette.Input, 2);
        _fill.Color = EditorPalette.Text;
        canvas.DrawCircle(x, track.MidY, 5, _fill);
    }
}
