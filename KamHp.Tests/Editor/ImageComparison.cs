using SkiaSharp;

namespace KamHp.Tests.Editor;

/// <summary>
/// Compares rendered pixels with a stored reference PNG. Tolerance: anti-aliased edges and glyph rasterisation may
/// differ slightly between Skia builds and X servers, so a pixel counts as different only past
/// <see cref="ChannelTolerance"/> in some channel, and the images match while at most <see cref="MaxDifferentFraction"/>
/// of the pixels differ. Set KAMHP_UPDATE_EDITOR_REFERENCES=1 to (re)write a reference on purpose.
/// </summary>
internal static class ImageComparison
{
    public const int ChannelTolerance = 40;
    public const double MaxDifferentFraction = 0.005;

    public static string ReferencePath(string name) =>
        Path.Combine(RepositoryRoot(), "KamHp.Tests", "Editor", "Reference", name);

    /// <summary>Where screenshots of a run are kept (artifacts/test-output/editor, ignored by git).</summary>
    public static string SaveArtefact(SKBitmap bitmap, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "test-output", "editor");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        SavePng(bitmap, path);
        return path;
    }

    public static void SavePng(SKBitmap bitmap, string path)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>Asserts <paramref name="actual"/> matches the reference <paramref name="name"/>.</summary>
    public static void AssertMatchesReference(SKBitmap actual, string name)
    {
        var artefact = SaveArtefact(actual, name);
        var reference = ReferencePath(name);
        if (Environment.GetEnvironmentVariable("KAMHP_UPDATE_EDITOR_REFERENCES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(reference)!);
            SavePng(actual, reference);
        }

        Assert.True(File.Exists(reference), $"No reference image {reference} (screenshot at {artefact}).");
        using var expected = SKBitmap.Decode(reference);
        var fraction = DifferentFraction(expected, actual);
        Assert.True(fraction <= MaxDifferentFraction, $"{fraction:P2} of the pixels differ from {reference}; screenshot at {artefact}.");
    }

    /// <summary>Fraction of pixels differing by more than the channel tolerance (1 when the sizes differ).</summary>
    public static double DifferentFraction(SKBitmap a, SKBitmap b, SKRectI? region = null)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            return 1.0;
        }

        var r = region ?? new SKRectI(0, 0, a.Width, a.Height);
        var different = 0;
        for (var y = r.Top; y < r.Bottom; y++)
        {
            for (var x = r.Left; x < r.Right; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                if (Math.Abs(p.Red - q.Red) > ChannelTolerance || Math.Abs(p.Green - q.Green) > ChannelTolerance
                    || Math.Abs(p.Blue - q.Blue) > ChannelTolerance)
                {
                    different++;
                }
            }
        }

        return different / (double)(r.Width * r.Height);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KamHp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("KamHp.sln not found above " + AppContext.BaseDirectory);
    }
}
