using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// The editor without a platform: a pixel buffer (BGRA, premultiplied, opaque) of the physical size, the layout for
/// the size and content scale, the meters and spectrogram fed from an <see cref="EditorFeed"/>, and pointer input in
/// physical pixels. A platform window (X11 today) forwards its events here, calls <see cref="Tick"/> from a timer and
/// copies <see cref="Pixels"/> to the screen after <see cref="Render"/>. UI thread only.
/// </summary>
public sealed class EditorView : IDisposable
{
    private readonly EditorRenderer _renderer = new();
    private readonly EditorInteraction _interaction;
    private readonly MeterState _meters = new();
    private readonly SpectrogramHistory _spectrogram = new(EditorTap.BandCount);
    private readonly float[] _levels = new float[EditorTap.BandCount];
    private readonly float[] _share = new float[EditorTap.BandCount];
    private EditorFeed? _feed;
    private SKBitmap _bitmap;
    private EditorLayout _layout;
    private int _drawnRevision = -1;
    private bool _dirty = true;

    /// <summary>A view of <paramref name="model"/> at the default size; <paramref name="feed"/> (may be null) supplies live data.</summary>
    public EditorView(EditorViewModel model, EditorFeed? feed, float contentScale = 1f)
    {
        Model = model;
        _interaction = new EditorInteraction(model);
        _feed = feed is not null && feed.TryAttachConsumer() ? feed : null;
        ContentScale = SanitizeScale(contentScale);
        var (width, height) = DefaultPixelSize(ContentScale);
        _bitmap = new SKBitmap(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
        _layout = EditorLayout.Compute(width / ContentScale, height / ContentScale);
    }

    /// <summary>The parameters shown.</summary>
    public EditorViewModel Model { get; }

    /// <summary>True when this view receives live data (the feed had no other consumer).</summary>
    public bool HasLiveData => _feed is not null;

    /// <summary>Physical pixels per logical pixel.</summary>
    public float ContentScale { get; private set; }

    /// <summary>Width of the pixel buffer.</summary>
    public int PixelWidth => _bitmap.Width;

    /// <summary>Height of the pixel buffer.</summary>
    public int PixelHeight => _bitmap.Height;

    /// <summary>Bytes per row of <see cref="Pixels"/>.</summary>
    public int RowBytes => _bitmap.RowBytes;

    /// <summary>The pixel buffer (valid until the next <see cref="Resize"/> or <see cref="Dispose"/>).</summary>
    public nint Pixels => _bitmap.GetPixels();

    /// <summary>The layout in logical pixels.</summary>
    public EditorLayout Layout => _layout;

    /// <summary>Meter ballistics (for tests and diagnostics).</summary>
    public MeterState Meters => _meters;

    /// <summary>True when the pixels are out of date.</summary>
    public bool NeedsRender => _dirty || _drawnRevision != Model.Revision;

    /// <summary>Default size in physical pixels at a content scale.</summary>
    public static (int Width, int Height) DefaultPixelSize(float contentScale) =>
        Scale(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight, SanitizeScale(contentScale));

    /// <summary>Minimum size in physical pixels at a content scale.</summary>
    public static (int Width, int Height) MinimumPixelSize(float contentScale) =>
        Scale(EditorLayout.MinimumWidth, EditorLayout.MinimumHeight, SanitizeScale(contentScale));

    /// <summary>Sets the physical size (raised to the minimum). Returns the size taken.</summary>
    public (int Width, int Height) Resize(int pixelWidth, int pixelHeight)
    {
        var (minWidth, minHeight) = MinimumPixelSize(ContentScale);
        var width = Math.Clamp(pixelWidth, minWidth, 16384);
        var height = Math.Clamp(pixelHeight, minHeight, 16384);
        if (width != _bitmap.Width || height != _bitmap.Height)
        {
            _bitmap.Dispose();
            _bitmap = new SKBitmap(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
        }

        _layout = EditorLayout.Compute(width / ContentScale, height / ContentScale);
        _dirty = true;
        return (width, height);
    }

    /// <summary>Changes the content scale factor (clamped to 0.5..4); the caller resizes afterwards.</summary>
    public void SetContentScale(float contentScale)
    {
        ContentScale = SanitizeScale(contentScale);
        _layout = EditorLayout.Compute(PixelWidth / ContentScale, PixelHeight / ContentScale);
        _dirty = true;
    }

    /// <summary>Starts reading live data from <paramref name="feed"/> if it has no other consumer; false otherwise.</summary>
    public bool TryAttachFeed(EditorFeed feed)
    {
        if (_feed is not null || !feed.TryAttachConsumer())
        {
            return false;
        }

        _feed = feed;
        return true;
    }

    /// <summary>Timer tick: takes every waiting analysis column and lets the meters fall.</summary>
    public void Tick(float elapsedSeconds)
    {
        _meters.Decay(elapsedSeconds);
        if (_feed is not null)
        {
            Model.SampleRateHz = _feed.SampleRateHz;
            while (_feed.TryRead(out var reading, _levels, _share))
            {
                _meters.Update(reading);
                _spectrogram.Push(_levels, _share);
                _dirty = true;
            }
        }
    }

    /// <summary>Takes one analysis column directly (tests, standalone use without a feed).</summary>
    public void Push(in MeterReading reading, ReadOnlySpan<float> levelsDb, ReadOnlySpan<float> harmonicShare)
    {
        _meters.Update(reading);
        _spectrogram.Push(levelsDb, harmonicShare);
        _dirty = true;
    }

    /// <summary>Draws into the pixel buffer.</summary>
    public void Render()
    {
        using var canvas = new SKCanvas(_bitmap);
        canvas.Scale(ContentScale);
        _renderer.Draw(canvas, _layout, Model, _meters, _spectrogram);
        canvas.Flush();
        _drawnRevision = Model.Revision;
        _dirty = false;
    }

    /// <summary>Button press at a physical point.</summary>
    public void PointerDown(float x, float y, PointerModifiers modifiers, long timeMs) =>
        _interaction.PointerDown(_layout, x / ContentScale, y / ContentScale, modifiers, timeMs);

    /// <summary>Pointer motion at a physical point.</summary>
    public void PointerMove(float x, float y, PointerModifiers modifiers) =>
        _interaction.PointerMove(x / ContentScale, y / ContentScale, modifiers);

    /// <summary>Button release.</summary>
    public void PointerUp() => _interaction.PointerUp();

    /// <summary>Wheel notches at a physical point (positive = up).</summary>
    public void Wheel(float x, float y, float notches, PointerModifiers modifiers) =>
        _interaction.Wheel(_layout, x / ContentScale, y / ContentScale, notches, modifiers);

    /// <summary>Ends any open gesture, releases the feed and frees the pixels.</summary>
    public void Dispose()
    {
        _interaction.PointerUp();
        _feed?.DetachConsumer();
        _bitmap.Dispose();
        _spectrogram.Dispose();
        _renderer.Dispose();
    }

    private static float SanitizeScale(float scale) => float.IsFinite(scale) ? Math.Clamp(scale, 0.5f, 4f) : 1f;

    private static (int Width, int Height) Scale(int width, int height, float scale) =>
        ((int)MathF.Ceiling(width * scale), (int)MathF.Ceiling(height * scale));
}
