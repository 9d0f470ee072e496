namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>
/// The level law of Harmonic level and Percussive level: linear gain = MaxGain * x^3 for the normalized value x,
/// i.e. dB = 12 + 60 log10(x). x = 0 is -inf dB (silence) and the curve reaches it continuously, so a fade to silence
/// has no jump; 0 dB sits at x = 10^(-0.2) = 0.631 and +12 dB at x = 1. The cubic gives a fader-like feel:
/// about half of the travel covers the musically useful -20..+12 dB.
/// </summary>
public static class FaderLaw
{
    /// <summary>Top of the range in dB.</summary>
    public const double MaxDb = 12.0;

    /// <summary>Exponent of the law (the 60 in dB = 12 + 60 log10 x is 20 times this).</summary>
    public const double Exponent = 3.0;

    /// <summary>Linear gain at x = 1 (+12 dB).</summary>
    public static readonly double MaxGain = Math.Pow(10.0, MaxDb / 20.0);

    /// <summary>The normalized value of 0 dB, 10^(-0.2). The law is computed relative to it so that 0 dB is exact both ways.</summary>
    public static readonly double UnityNormalized = Math.Pow(10.0, -MaxDb / (20.0 * Exponent));

    /// <summary>Normalized value (clamped to 0..1) to dB; 0 gives negative infinity.</summary>
    public static double NormalizedToDb(double normalized)
    {
        var x = Math.Clamp(normalized, 0.0, 1.0);
        return x <= 0.0 ? double.NegativeInfinity : Math.Min(MaxDb, 20.0 * Exponent * Math.Log10(x / UnityNormalized));
    }

    /// <summary>dB (negative infinity allowed; above +12 clamped) to the normalized value.</summary>
    public static double DbToNormalized(double db)
    {
        if (double.IsNaN(db))
        {
            throw new ArgumentOutOfRangeException(nameof(db), "Level must not be NaN.");
        }

        return db >= MaxDb ? 1.0 : UnityNormalized * Math.Pow(10.0, db / (20.0 * Exponent));
    }

    /// <summary>Normalized value (clamped to 0..1) to the linear amplitude gain.</summary>
    public static double NormalizedToGain(double normalized)
    {
        var x = Math.Clamp(normalized, 0.0, 1.0) / UnityNormalized;
        return x * x * x;
    }
}
