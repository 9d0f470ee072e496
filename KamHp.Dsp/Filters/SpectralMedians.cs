namespace KamHp.Dsp.Filters;

/// <summary>
/// The two median filters of harmonic/percussive separation over frame-major rows, with the edge rules fixed
/// by the product: frames before the first and after the last are silence (zeros), as scipy.ndimage.median_filter
/// with mode='constant', cval=0 along time; bins beyond DC and Nyquist mirror the spectrum with the edge bin
/// repeated (<c>d c b a | a b c d</c>), as mode='reflect' along frequency.
/// </summary>
public sealed class SpectralMedians
{
    private readonly LaneMedian _harmonic;
    private readonly PercussiveRowMedian _percussive;
    private readonly SortedLaneWindow _harmonicWindow;
    private readonly int[] _harmonicRows;
    private readonly float[] _laneMedians;

    /// <summary>Prepares both filters for rows of <paramref name="binCount"/> bins.</summary>
    /// <param name="harmonicKernelFrames">Odd, 3..63: frames in the time median.</param>
    /// <param name="percussiveKernelBins">Odd, 3..63: bins in the frequency median; at most 2 x binCount - 1.</param>
    /// <param name="binCount">Bins per row.</param>
    public SpectralMedians(int harmonicKernelFrames, int percussiveKernelBins, int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, (percussiveKernelBins / 2) + 1);
        _harmonic = new LaneMedian(harmonicKernelFrames);
        _percussive = new PercussiveRowMedian(percussiveKernelBins, binCount);
        PercussiveKernelBins = _percussive.KernelBins;
        _harmonicRows = new int[harmonicKernelFrames];
        BinCount = binCount;
        LaneCount = LanesFor(binCount);
        _harmonicWindow = new SortedLaneWindow(LaneCount, harmonicKernelFrames);
        _laneMedians = new float[LaneCount];
    }

    /// <summary>Bins per row.</summary>
    public int BinCount { get; }

    /// <summary>Frames in the harmonic (time) median.</summary>
    public int HarmonicKernelFrames => _harmonic.KernelSize;

    /// <summary>Bins in the percussive (frequency) median.</summary>
    public int PercussiveKernelBins { get; }

    /// <summary>BinCount rounded up to whole SIMD lane groups: the sliding median reads this many values per row.</summary>
    public int LaneCount { get; }

    /// <summary>
    /// Length an observation array of <paramref name="frameCount"/> frames needs for <see cref="HarmonicAllFrames"/>:
    /// the frames, one zero row, and the lane padding after it.
    /// </summary>
    public int ObservationLength(int frameCount) => ((frameCount + 1) * BinCount) + (LaneCount - BinCount);

    /// <summary>
    /// Harmonic median of frame <paramref name="frame"/> of a frame-major array whose row
    /// <paramref name="frameCount"/> is a row of zeros (the stand-in for frames outside the signal).
    /// </summary>
    /// <param name="observations">(frameCount + 1) x BinCount values, the last row zero.</param>
    /// <param name="frameCount">Number of real frames.</param>
    /// <param name="frame">Frame to filter, 0..frameCount-1.</param>
    /// <param name="destination">Receives BinCount medians.</param>
    public void HarmonicFrame(ReadOnlySpan<float> observations, int frameCount, int frame, Span<float> destination)
    {
        int half = _harmonicRows.Length / 2;
        for (int k = 0; k < _harmonicRows.Length; k++)
        {
            int source = frame - half + k;
            _harmonicRows[k] = (source >= 0 && source < frameCount ? source : frameCount) * BinCount;
        }

        _harmonic.Compute(observations, _harmonicRows, destination);
    }

    /// <summary>
    /// Harmonic medians of every frame in order, each equal bit for bit to <see cref="HarmonicFrame"/>, by sliding one
    /// sorted window per bin along time (<see cref="SortedLaneWindow"/>): O(K) per bin and frame instead of a network.
    /// </summary>
    /// <param name="observations"><see cref="ObservationLength"/> values: frame rows, a zero row, zero padding.</param>
    /// <param name="frameCount">Number of real frames.</param>
    /// <param name="destination">Receives frameCount x BinCount medians, frame-major.</param>
    public void HarmonicAllFrames(ReadOnlySpan<float> observations, int frameCount, Span<float> destination)
    {
        if (observations.Length < ObservationLength(frameCount) || destination.Length < frameCount * BinCount)
        {
            throw new ArgumentException("Observations or destination too short.", nameof(observations));
        }

        int kernel = HarmonicKernelFrames;
        int half = kernel / 2;
        int bins = BinCount;
        int lanes = LaneCount;

        // Frames outside the signal read the zero row. Lanes past BinCount read the next row's first bins (or the padding):
        // the same values enter and later leave, so those lanes stay consistent and are never copied out.
        _harmonicWindow.Clear();   // K zero frames: the frames before the signal
        ReadOnlySpan<float> zeroRow = observations.Slice(frameCount * bins, lanes);
        for (int u = 0; u < half; u++)
        {
            _harmonicWindow.Slide(zeroRow, Row(observations, u, frameCount, bins, lanes), kernel, 0, lanes, _laneMedians);
        }

        for (int t = 0; t < frameCount; t++)
        {
            _harmonicWindow.Slide(
                Row(observations, t - half - 1, frameCount, bins, lanes), Row(observations, t + half, frameCount, bins, lanes), kernel, 0, lanes, _laneMedians);
            _laneMedians.AsSpan(0, bins).CopyTo(destination.Slice(t * bins, bins));
        }
    }

    private static ReadOnlySpan<float> Row(ReadOnlySpan<float> observations, int frame, int frameCount, int bins, int lanes) =>
        observations.Slice((frame >= 0 && frame < frameCount ? frame : frameCount) * bins, lanes);

    /// <summary>Percussive median across the bins of one frame.</summary>
    /// <param name="row">BinCount observations of one frame.</param>
    /// <param name="destination">Receives BinCount medians; may not overlap <paramref name="row"/>.</param>
    public void PercussiveFrame(ReadOnlySpan<float> row, Span<float> destination) =>
        _percussive.Compute(row, 0, BinCount, destination);

    /// <summary>BinCount rounded up to whole SIMD lane groups (<see cref="LaneCount"/>) for <paramref name="binCount"/> bins.</summary>
    public static int LanesFor(int binCount) => (binCount + 7) / 8 * 8;
}
