namespace KamHp.Dsp;

/// <summary>
/// How much look-ahead the streaming engine's harmonic median may use, traded against latency
/// (see <see cref="Separation.EngineLayout"/> for the exact figures).
/// </summary>
public enum LatencyMode
{
    /// <summary>No look-ahead: the harmonic median looks only at past frames; iterations cost no latency.</summary>
    Live = 0,

    /// <summary>A little look-ahead (<see cref="Separation.EngineLayout.BalancedLookAheadFrames"/> frames per iteration).</summary>
    Balanced = 1,

    /// <summary>Symmetric median window, as in the paper: (K-1)/2 frames of look-ahead per iteration.</summary>
    Studio = 2,

    /// <summary>
    /// At most 12 ms (527 samples at 44.1 kHz): causal stages on long estimation frames, output through short synthesis
    /// frames (<see cref="Separation.InstantGeometry"/>); no spatial model; iterations cost no latency.
    /// </summary>
    Instant = 3,
}
