namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>What the main output carries (plain values of <see cref="ParameterId.Output"/>).</summary>
public enum OutputMode
{
    /// <summary>Harmonic and percussive parts mixed by balance and levels.</summary>
    Mix = 0,

    /// <summary>Only the harmonic part, at the harmonic level (balance ignored).</summary>
    HarmonicSolo = 1,

    /// <summary>Only the percussive part, at the percussive level (balance ignored).</summary>
    PercussiveSolo = 2,
}
