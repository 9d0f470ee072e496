namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>Host-facing and processing properties of a parameter.</summary>
[Flags]
public enum ParameterTraits
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>The host may automate it.</summary>
    Automatable = 1,

    /// <summary>Written by the processor only (an output); not part of the state.</summary>
    ReadOnly = 2,

    /// <summary>A list of named values.</summary>
    List = 4,

    /// <summary>The one bypass parameter.</summary>
    Bypass = 8,

    /// <summary>Changes the engine's structure; applied at an STFT frame boundary, never per sample.</summary>
    Structural = 16,

    /// <summary>May change the latency; such a change is adopted only on re-activation.</summary>
    AffectsLatency = 32,
}
