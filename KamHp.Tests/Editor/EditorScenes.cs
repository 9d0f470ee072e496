using AudioPlugSharp.KamHp.Editor;

namespace KamHp.Tests.Editor;

/// <summary>A fixed, seeded picture for rendering tests: a held tone (harmonic), drum hits (percussive) and meters.</summary>
internal static class EditorScenes
{
    public static void FillHistory(EditorView view)
    {
        var random = new Random(13);
        var levels = new float[EditorTap.BandCount];
        var share = new float[EditorTap.BandCount];
        for (var column = 0; column < SpectrogramHistory.Columns; column++)
        {
            var hit = column % 24 < 3;
            for (var b = 0; b < EditorTap.BandCount; b++)
            {
                var tone = b is 20 or 28 or 34;
                levels[b] = tone ? -12f : hit ? -24f - (b * 0.2f) : -75f + (float)(random.NextDouble() * 10);
                share[b] = tone ? 0.95f : hit ? 0.05f : 0.5f;
            }

            view.Push(new MeterReading(0.7f, 0.3f, 0.5f, 0.2f, 0.6f, 0.15f), levels, share);
        }
    }
}

/// <summary>The editor drawn off-screen at its default size: what a window showing these values should look like.</summary>
internal static unsafe class EditorReferenceRender
{
    /// <summary>Renders the default values (or <paramref name="values"/>) with <paramref name="id"/> set to <paramref name="normalized"/>.</summary>
    public static SkiaSharp.SKBitmap With(AudioPlugSharp.KamHp.Parameters.ParameterId id, double normalized, double[]? values = null)
    {
        var all = new double[AudioPlugSharp.KamHp.Parameters.ParameterTable.Count];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = values is not null ? values[i] : AudioPlugSharp.KamHp.Parameters.ParameterTable.All[i].DefaultNormalized;
        }

        all[AudioPlugSharp.KamHp.Parameters.ParameterTable.IndexOf(id)] = normalized;
        using var view = new EditorView(new EditorViewModel(new RecordingEditSink(), all), feed: null);
        view.Render();
        var copy = new SkiaSharp.SKBitmap(view.PixelWidth, view.PixelHeight, SkiaSharp.SKColorType.Bgra8888, SkiaSharp.SKAlphaType.Premul);
        Buffer.MemoryCopy((void*)view.Pixels, (void*)copy.GetPixels(), (long)copy.RowBytes * copy.Height, (long)view.RowBytes * view.PixelHeight);
        return copy;
    }
}
