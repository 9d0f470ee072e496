using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// The editor's typefaces, embedded in the assembly at build time from Debian's fonts-dejavu-core (DejaVu Sans, under
/// the Bitstream Vera licence with public-domain DejaVu changes; the notice ships with the bundle), so text looks the
/// same on every machine whatever fonts it has. Loaded once.
/// </summary>
public static class EditorFonts
{
    private static readonly Lazy<SKTypeface> s_regular = new(() => Load("KamHp.Editor.DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> s_bold = new(() => Load("KamHp.Editor.DejaVuSans-Bold.ttf"));

    /// <summary>DejaVu Sans.</summary>
    public static SKTypeface Regular => s_regular.Value;

    /// <summary>DejaVu Sans Bold.</summary>
    public static SKTypeface Bold => s_bold.Value;

    private static SKTypeface Load(string name)
    {
        using var stream = typeof(EditorFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font {name} is missing.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"Embedded font {name} cannot be read.");
    }
}
