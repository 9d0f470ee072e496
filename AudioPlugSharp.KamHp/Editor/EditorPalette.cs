using SkiaSharp;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>The editor's colours: orange for the percussive side (drums), teal for the harmonic side (melody).</summary>
public static class EditorPalette
{
    /// <summary>Window background.</summary>
    public static readonly SKColor Background = new(0x1B, 0x1E, 0x23);

    /// <summary>Panels and tracks.</summary>
    public static readonly SKColor Panel = new(0x27, 0x2C, 0x34);

    /// <summary>Inactive parts of tracks and outlines.</summary>
    public static readonly SKColor Track = new(0x3A, 0x41, 0x4B);

    /// <summary>Main text.</summary>
    public static readonly SKColor Text = new(0xDD, 0xE2, 0xE8);

    /// <summary>Secondary text.</summary>
    public static readonly SKColor Dim = new(0x8A, 0x94, 0xA0);

    /// <summary>Harmonic part (melody).</summary>
    public static readonly SKColor Harmonic = new(0x3F, 0xC1, 0xC9);

    /// <summary>Percussive part (drums).</summary>
    public static readonly SKColor Percussive = new(0xF5, 0x93, 0x3B);

    /// <summary>Input meter.</summary>
    public static readonly SKColor Input = new(0xC8, 0xCE, 0xD6);

    /// <summary>Bypass lit.</summary>
    public static readonly SKColor Warning = new(0xE0, 0x4F, 0x4F);

    /// <summary>Linear blend of two colours, <paramref name="t"/> in 0..1 from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static SKColor Mix(SKColor a, SKColor b, float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        return new SKColor(
            (byte)(a.Red + ((b.Red - a.Red) * t)),
            (byte)(a.Green + ((b.Green - a.Green) * t)),
            (byte)(a.Blue + ((b.Blue - a.Blue) * t)));
    }
}
