namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>
/// Stable parameter identifiers. They are stored in host projects, automation lanes and presets, so an id is never
/// renumbered, reused or derived from a position: new parameters get new ids and are appended to
/// <see cref="ParameterTable"/>. Ids are grouped by hundreds only for readability.
/// </summary>
public enum ParameterId
{
    /// <summary>Harmonic/percussive balance, -100..+100 %.</summary>
    Balance = 100,

    /// <summary>Harmonic level, -inf..+12 dB.</summary>
    HarmonicLevel = 101,

    /// <summary>Percussive level, -inf..+12 dB.</summary>
    PercussiveLevel = 102,

    /// <summary>What the main output carries: <see cref="OutputMode"/>.</summary>
    Output = 103,

    /// <summary>Backfitting iterations, 1..10.</summary>
    Iterations = 200,

    /// <summary>Latency budget: Live, Balanced, Studio.</summary>
    LatencyMode = 201,

    /// <summary>Spatial covariance model on/off.</summary>
    SpatialModel = 202,

    /// <summary>Harmonic kernel length in milliseconds.</summary>
    HarmonicKernel = 203,

    /// <summary>Percussive kernel width in Hz.</summary>
    PercussiveKernel = 204,

    /// <summary>Exponent on the source powers in the Wiener mask; 1 is the paper.</summary>
    MaskSharpness = 205,

    /// <summary>Separation method: Paper (the paper's 93 ms frames) or HiRes (186 ms frames; the default of new instances).</summary>
    Method = 206,

    /// <summary>Bypass (latency kept, crossfaded).</summary>
    Bypass = 900,

    /// <summary>Read-only: the latency in samples the current settings need (reported by the processor).</summary>
    Latency = 1000,
}
