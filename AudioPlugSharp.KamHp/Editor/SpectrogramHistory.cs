using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// The scrolling picture: one pixel column per analysis column (newest on the right), one row per band (lowest at the
/// bottom). Brightness follows the input level in the band, hue the harmonic share: teal where the engine keeps the
/// cell in the harmonic part, orange where it goes to the percussive part.
/// </summary>
public sealed class SpectrogramHistory : IDisposable
{
    /// <summary>Columns kept (about 5.4 s at 48 kHz).</summary>
    public const int Columns = 256;

    /// <summary>Level drawn black, dBFS.</summary>
    public const float BottomDb = -90f;

    /// <summary>Level drawn at full brightness, dBFS.</summary>
    public const float TopDb = -10f;

    private readonly SKBitmap _bitmap;

    /// <summary>An empty (black) history with <paramref name="bandCount"/> rows.</summary>
    public SpectrogramHistory(int bandCount)
    {
        BandCount = bandCount;
        _bitmap = new SKBitmap(Columns, bandCount, SKColorType.Bgra8888, SKAlphaType.Opaque);
        _bitmap.Erase(SKColors.Black);
    }

    /// <summary>Rows.</summary>
    public int BandCount { get; }

    /// <summary>The picture (width <see cref="Columns"/>, height <see cref="BandCount"/>).</summary>
    public SKBitmap Bitmap => _bitmap;

    /// <summary>Scrolls left by one column and paints the newest on the right.</summary>
    public void Push(ReadOnlySpan<float> levelsDb, ReadOnlySpan<float> harmonicShare)
    {
        var pixels = _bitmap.GetPixelSpan();
        var rowBytes = _bitmap.RowBytes;
        for (var band = 0; band < BandCount; band++)
        {
            var row = BandCount - 1 - band;
            var line = pixels.Slice(row * rowBytes, Columns * 4);
            line[4..].CopyTo(line);
            var t = (levelsDb[band] - BottomDb) / (TopDb - BottomDb);
            var brightness = MathF.Pow(Math.Clamp(t, 0f, 1f), 1.4f);
            var hue = EditorPalette.Mix(EditorPalette.Percussive, EditorPalette.Harmonic, harmonicShare[band]);
            var i = (Columns - 1) * 4;
            line[i] = (byte)(hue.Blue * brightness);
            line[i + 1] = (byte)(hue.Green * brightness);
            line[i + 2] = (byte)(hue.Red * brightness);
            line[i + 3] = 255;
        }

        _bitmap.NotifyPixelsChanged();
    }

    /// <summary>Frees the bitmap.</summary>
    public void Dispose() => _bitmap.Dispose();
}
