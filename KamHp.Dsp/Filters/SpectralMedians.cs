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
    private readonly LaneMedian _percussive;
    private readonly int[] _harmonicRows;
    private readonly int[] _percussiveRows;
    private readonly float[] _paddedRow;

    /// <summary>Prepares both filters for rows of <paramref name="binCount"/> bins.</summary>
    /// <param name="harmonicKernelFrames">Odd, 3..63: frames in the time median.</param>
    /// <param name="percussiveKernelBins">Odd, 3..63: bins in the frequency median; at most 2 x binCount - 1.</param>
    /// <param name="binCount">Bins per row.</param>
    public SpectralMedians(int harmonicKernelFrames, int percussiveKernelBins, int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, (percussiveKernelBins / 2) + 1);
        _harmonic = new LaneMedian(harmonicKernelFrames);
        _percussive = new LaneMedian(percussiveKernelBins);
        _harmonicRows = new int[harmonicKernelFrames];
        _percussiveRows = new int[percussiveKernelBins];
        for (int k = 0; k < percussiveKernelBins; k++)
        {
            _percussiveRows[k] = k;
        }

        _paddedRow = new float[binCount + percussiveKernelBins - 1];
        BinCount = binCount;
    }

    /// <summary>Bins per row.</summary>
    public int BinCount { get; }

    /// <summary>Frames in the harmonic (time) median.</summary>
    public int HarmonicKernelFrames => _harmonic.KernelSize;

    /// <summary>Bins in the percussive (frequency) median.</summary>
    public int PercussiveKernelBins => _percussive.KernelSize;

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

    /// <summary>Percussive median across the bins of one frame.</summary>
    /// <param name="row">BinCount observations of one frame.</param>
    /// <param name="destination">Receives BinCount medians; may not overlap <paramref name="row"/>.</param>
    public void PercussiveFrame(ReadOnlySpan<float> row, Span<float> destination)
    {
        int half = _percussiveRows.Length / 2;
        int bins = BinCount;
        Span<float> padded = _paddedRow;
        row.CopyTo(padded.Slice(half, bins));
        for (int i = 0; i < half; i++)
        {
            padded[half - 1 - i] = row[i];
            padded[half + bins + i] = row[bins - 1 - i];
        }

        _percussive.Compute(padded, _percussiveRows, destination);
    }
}
