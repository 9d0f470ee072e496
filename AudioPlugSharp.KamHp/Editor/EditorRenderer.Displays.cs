using System.Globalization;
using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>The read-only displays (meters, spectrogram) and the drawing helpers.</summary>
public sealed partial class EditorRenderer
{
    private static readonly string[] s_meterNames = ["IN", "H", "P"];
    private static readonly float[] s_meterScaleDb = [0f, -12f, -24f, -36f, -48f];
    private static readonly (float Hz, string Label)[] s_frequencyMarks = [(100f, "100"), (1000f, "1k"), (10000f, "10k")];

    private void DrawMeters(SKCanvas canvas, SKRect bounds, MeterState meters)
    {
        Fill(canvas, bounds, EditorPalette.Panel, 8);
        var top = bounds.Top + 30;
        var bottom = bounds.Bottom - 30;
        var height = bottom - top;
        float Y(float db) => top + ((db / MeterState.FloorDb) * height);

        foreach (var db in s_meterScaleDb)
        {
            Right(canvas, db.ToString("F0", CultureInfo.InvariantCulture), bounds.Left + 24, Y(db) + 4, _small, EditorPalette.Dim);
        }

        for (var m = 0; m < 3; m++)
        {
            var left = bounds.Left + 32 + (m * 28);
            var bar = new SKRect(left, top, left + 18, bottom);
            Fill(canvas, bar, EditorPalette.Background, 2);
            var color = m switch { 1 => EditorPalette.Harmonic, 2 => EditorPalette.Percussive, _ => EditorPalette.Input };
            Fill(canvas, new SKRect(bar.Left, Y(Math.Min(0f, meters.RmsDb(m))), bar.Right, bottom), color, 2);
            var peak = meters.PeakDb(m);
            Fill(canvas, new SKRect(bar.Left, Y(Math.Min(0f, peak)) - 1, bar.Right, Y(Math.Min(0f, peak)) + 1),
                peak > -0.1f ? EditorPalette.Warning : EditorPalette.Text);
            Centered(canvas, s_meterNames[m], bar.MidX, bounds.Top + 20, _small, color);
            var peakText = peak <= MeterState.FloorDb ? "-inf" : peak.ToString("F0", CultureInfo.InvariantCulture);
            Centered(canvas, peakText, bar.MidX, bounds.Bottom - 12, _small, EditorPalette.Text);
        }
    }

    private void DrawSpectrogram(SKCanvas canvas, SKRect bounds, SpectrogramHistory history)
    {
        using (var image = SKImage.FromBitmap(history.Bitmap))
        {
            canvas.DrawImage(image, bounds, new SKSamplingOptions(SKFilterMode.Linear));
        }

        SetStroke(EditorPalette.Track, 1f);
        canvas.DrawRect(bounds, _stroke);
        var span = MathF.Log((float)(EditorTap.HighestBandHz / EditorTap.LowestBandHz));
        foreach (var (hz, label) in s_frequencyMarks)
        {
            var y = bounds.Bottom - (MathF.Log(hz / (float)EditorTap.LowestBandHz) / span * bounds.Height);
            Right(canvas, label, bounds.Left - 6, y + 4, _small, EditorPalette.Dim);
        }

        // Legend in the top right corner, on a backdrop so it reads over any picture.
        var legend = new SKRect(bounds.Right - 126, bounds.Top + 6, bounds.Right - 6, bounds.Top + 24);
        Fill(canvas, legend, EditorPalette.Background.WithAlpha(200), 3);
        Fill(canvas, new SKRect(legend.Left + 6, legend.Top + 5, legend.Left + 14, legend.Top + 13), EditorPalette.Percussive);
        Text(canvas, "drums", legend.Left + 18, legend.Top + 13, _small, EditorPalette.Text);
        Fill(canvas, new SKRect(legend.Left + 62, legend.Top + 5, legend.Left + 70, legend.Top + 13), EditorPalette.Harmonic);
        Text(canvas, "melody", legend.Left + 74, legend.Top + 13, _small, EditorPalette.Text);
    }

    private void Fill(SKCanvas canvas, SKRect rect, SKColor color, float radius = 0f)
    {
        _fill.Color = color;
        if (radius > 0f)
        {
            canvas.DrawRoundRect(rect, radius, radius, _fill);
        }
        else
        {
            canvas.DrawRect(rect, _fill);
        }
    }

    private void SetStroke(SKColor color, float width)
    {
        _stroke.Color = color;
        _stroke.StrokeWidth = width;
    }

    private void Text(SKCanvas canvas, string text, float x, float y, SKFont font, SKColor color)
    {
        _text.Color = color;
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, _text);
    }

    private void Centered(SKCanvas canvas, string text, float x, float y, SKFont font, SKColor color)
    {
        _text.Color = color;
        canvas.DrawText(text, x, y, SKTextAlign.Center, font, _text);
    }

    private void Right(SKCanvas canvas, string text, float x, float y, SKFont font, SKColor color)
    {
        _text.Color = color;
        canvas.DrawText(text, x, y, SKTextAlign.Right, font, _text);
    }
}
