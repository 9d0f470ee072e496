namespace KamHp.Dsp.Spectral;

/// <summary>
/// The analysis and synthesis windows of one <see cref="StftFraming"/>: what a <see cref="StreamingStft"/> multiplies
/// each frame by before the FFT and after the inverse FFT. Analysis then synthesis is the identity when
/// sum_k a[n + k·hop]·s[n + k·hop] = 1 for every n.
/// </summary>
public sealed class WindowPair
{
    private readonly float[] _analysis;
    private readonly float[] _synthesis;

    /// <summary>Takes a window pair (copies of the spans) and checks it against its framing.</summary>
    /// <param name="framing">The geometry the windows are for.</param>
    /// <param name="analysis">Analysis window, FftSize samples.</param>
    /// <param name="synthesis">Synthesis window, FftSize samples, zero before the frame's output part (else the
    /// framing's latency would be too short).</param>
    /// <exception cref="ArgumentException">A length differs from the FFT size, or the synthesis window reaches before the output part.</exception>
    public WindowPair(StftFraming framing, ReadOnlySpan<float> analysis, ReadOnlySpan<float> synthesis)
    {
        if (analysis.Length != framing.FftSize || synthesis.Length != framing.FftSize)
        {
            throw new ArgumentException("Both windows must have FftSize samples.", nameof(analysis));
        }

        if (OutputSamples(synthesis, framing.HopSize) > framing.OutputSamples)
        {
            throw new ArgumentException("The synthesis window is non-zero before the framing's output part.", nameof(synthesis));
        }

        Framing = framing;
        _analysis = analysis.ToArray();
        _synthesis = synthesis.ToArray();
    }

    /// <summary>The geometry.</summary>
    public StftFraming Framing { get; }

    /// <summary>The analysis window, FftSize samples.</summary>
    public ReadOnlySpan<float> Analysis => _analysis;

    /// <summary>The synthesis window, FftSize samples.</summary>
    public ReadOnlySpan<float> Synthesis => _synthesis;

    /// <summary>
    /// Periodic Hann analysis and the least-squares synthesis window for it (<see cref="Windows.SynthesisWindow"/>),
    /// the paper's symmetric pair; requires a framing whose output part is the whole frame.
    /// </summary>
    /// <param name="framing">The geometry (OutputSamples == FftSize).</param>
    /// <exception cref="ArgumentException">The framing's output part is shorter than the frame.</exception>
    public static WindowPair PeriodicHann(StftFraming framing)
    {
        if (framing.OutputSamples != framing.FftSize)
        {
            throw new ArgumentException("A symmetric Hann pair outputs the whole frame.", nameof(framing));
        }

        var analysis = new float[framing.FftSize];
        var synthesis = new float[framing.FftSize];
        Windows.PeriodicHann(analysis);
        Windows.SynthesisWindow(analysis, framing.HopSize, synthesis);
        return new WindowPair(framing, analysis, synthesis);
    }

    /// <summary>
    /// The output part a synthesis window actually has: the samples from the hop boundary at or before its first
    /// non-zero sample to the end of the frame (0 for an all-zero window).
    /// </summary>
    /// <param name="synthesis">The synthesis window.</param>
    /// <param name="hopSize">Hop in samples, positive.</param>
    public static int OutputSamples(ReadOnlySpan<float> synthesis, int hopSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSize);
        int first = synthesis.IndexOfAnyExcept(0f);
        return first < 0 ? 0 : synthesis.Length - (first / hopSize * hopSize);
    }
}
