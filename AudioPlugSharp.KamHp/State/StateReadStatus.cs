namespace AudioPlugSharp.KamHp.State;

/// <summary>Outcome of reading a saved state. Anything but <see cref="Ok"/> leaves the current state untouched.</summary>
public enum StateReadStatus
{
    /// <summary>Read and adopted.</summary>
    Ok,

    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>Fewer bytes than the header announces.</summary>
    Truncated,

    /// <summary>Not a KamHp state (wrong magic).</summary>
    ForeignFormat,

    /// <summary>A format version this build does not know (written by a newer KamHp).</summary>
    UnsupportedVersion,

    /// <summary>The checksum does not match: the bytes were damaged.</summary>
    ChecksumMismatch,

    /// <summary>Structurally inconsistent (bad lengths, duplicate parameter).</summary>
    Malformed,

    /// <summary>A parameter value is NaN or infinite where that is not allowed.</summary>
    InvalidValue,
}
