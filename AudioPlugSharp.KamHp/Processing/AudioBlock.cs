namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// The audio buffers of one host block, planar. Every non-empty span has the block's length. For a mono layout the
/// right-channel spans are empty. An empty input means silence; empty harmonic/percussive outputs mean those buses are
/// off. Inputs and outputs may alias (in-place hosts): the processor copies the input first.
/// </summary>
public readonly ref struct AudioBlock
{
    /// <summary>Main input, left (or mono).</summary>
    public ReadOnlySpan<float> InputLeft { get; init; }

    /// <summary>Main input, right; empty for mono.</summary>
    public ReadOnlySpan<float> InputRight { get; init; }

    /// <summary>Main output (the mix), left (or mono).</summary>
    public Span<float> MainLeft { get; init; }

    /// <summary>Main output, right; empty for mono.</summary>
    public Span<float> MainRight { get; init; }

    /// <summary>Harmonic auxiliary output, left; empty when the bus is off.</summary>
    public Span<float> HarmonicLeft { get; init; }

    /// <summary>Harmonic auxiliary output, right.</summary>
    public Span<float> HarmonicRight { get; init; }

    /// <summary>Percussive auxiliary output, left; empty when the bus is off.</summary>
    public Span<float> PercussiveLeft { get; init; }

    /// <summary>Percussive auxiliary output, right.</summary>
    public Span<float> PercussiveRight { get; init; }
}
