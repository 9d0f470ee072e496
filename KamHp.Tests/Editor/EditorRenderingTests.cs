using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using SkiaSharp;

namespace KamHp.Tests.Editor;

/// <summary>The drawing code off screen, without any window system.</summary>
public sealed class EditorRenderingTests
{
    private static SKBitmap Snapshot(EditorView view)
    {
        view.Render();
        var copy = new SKBitmap(new SKImageInfo(view.PixelWidth, view.PixelHeight, SKColorType.Bgra8888, SKAlphaType.Premul));
        unsafe
        {
            Buffer.MemoryCopy((void*)view.Pixels, (void*)copy.GetPixels(), copy.ByteCount, (long)view.RowBytes * view.PixelHeight);
        }

        return copy;
    }

    private static SKRectI Region(EditorView view, ParameterId id)
    {
        var r = view.Layout.BoundsOf(id);
        var s = view.ContentScale;
        return new SKRectI((int)(r.Left * s), (int)(r.Top * s), (int)(r.Right * s), (int)(r.Bottom * s));
    }

    [Fact]
    public void DefaultEditor_MatchesTheReferenceImage()
    {
        using var view = new EditorView(new EditorViewModel(new RecordingEditSink()) { SampleRateHz = 48000 }, null);
        view.Model.SetFromHost((uint)ParameterId.Latency, ParameterTable.Get(ParameterId.Latency).ToNormalized(9216));
        EditorScenes.FillHistory(view);
        using var bitmap = Snapshot(view);
        Assert.Equal((EditorLayout.DefaultWidth, EditorLayout.DefaultHeight), (bitmap.Width, bitmap.Height));
        ImageComparison.AssertMatchesReference(bitmap, "editor-default.png");
    }

    [Fact]
    public void BalanceArc_IsOrangeTowardsDrums_AndTealTowardsMelody()
    {
        using var view = new EditorView(new EditorViewModel(new RecordingEditSink()), null);
        var knob = view.Layout.BoundsOf(ParameterId.Balance);
        const float Radius = 66f;
        var cy = knob.Top + 100;

        // The arc at 200 degrees (left, drums side) and at 340 degrees (right, melody side).
        SKColor At(SKBitmap b, float degrees) => b.GetPixel(
            (int)(knob.MidX + (Radius * MathF.Cos(degrees * MathF.PI / 180))), (int)(cy + (Radius * MathF.Sin(degrees * MathF.PI / 180))));

        view.Model.SetFromHost((uint)ParameterId.Balance, 0.0);
        using var drums = Snapshot(view);
        view.Model.SetFromHost((uint)ParameterId.Balance, 1.0);
        using var melody = Snapshot(view);

        Assert.Equal(EditorPalette.Percussive, At(drums, 200));
        Assert.Equal(EditorPalette.Track, At(drums, 340));
        Assert.Equal(EditorPalette.Harmonic, At(melody, 340));
        Assert.Equal(EditorPalette.Track, At(melody, 200));
    }

    [Fact]
    public void HostChange_RedrawsOnlyTheChangedControl()
    {
        using var view = new EditorView(new EditorViewModel(new RecordingEditSink()), null);
        using var before = Snapshot(view);
        Assert.False(view.NeedsRender);
        view.Model.SetFromHost((uint)ParameterId.HarmonicLevel, 0.2);
        Assert.True(view.NeedsRender);
        using var after = Snapshot(view);

        Assert.True(ImageComparison.DifferentFraction(before, after, Region(view, ParameterId.HarmonicLevel)) > 0.01);
        Assert.Equal(0, ImageComparison.DifferentFraction(before, after, Region(view, ParameterId.PercussiveLevel)));
        Assert.Equal(0, ImageComparison.DifferentFraction(before, after, Region(view, ParameterId.Balance)));
    }

    [Fact]
    public void ContentScale_Two_DoublesThePixels_AndDrawsTheSamePicture()
    {
        using var one = new EditorView(new EditorViewModel(new RecordingEditSink()), null);
        using var two = new EditorView(new EditorViewModel(new RecordingEditSink()), null, contentScale: 2f);
        Assert.Equal((EditorLayout.DefaultWidth * 2, EditorLayout.DefaultHeight * 2), (two.PixelWidth, two.PixelHeight));
        using var small = Snapshot(one);
        using var large = Snapshot(two);
        using var reduced = large.Resize(new SKImageInfo(small.Width, small.Height), new SKSamplingOptions(SKFilterMode.Linear));
        Assert.True(ImageComparison.DifferentFraction(small, reduced) < 0.05);
    }

    [Fact]
    public void Resize_BelowTheMinimum_IsRaisedToIt_AndTheSpectrogramTakesExtraHeight()
    {
        using var view = new EditorView(new EditorViewModel(new RecordingEditSink()), null);
        Assert.Equal((EditorLayout.MinimumWidth, EditorLayout.MinimumHeight), view.Resize(100, 100));
        var small = view.Layout.Spectrogram.Height;
        view.Resize(1000, 900);
        Assert.Equal(small + (900 - EditorLayout.MinimumHeight), view.Layout.Spectrogram.Height, 3);
        using var bitmap = Snapshot(view);
        Assert.Equal((1000, 900), (bitmap.Width, bitmap.Height));
    }
}
