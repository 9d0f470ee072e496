namespace KamHp.Dsp.Filters;

/// <summary>
/// The percussive median of harmonic/percussive separation across the bins of one frame (FitzGerald et al. 2014,
/// eq. 11), with the spectrum mirrored beyond DC and Nyquist, the edge bin repeated (<c>d c b a | a b c d</c>, as
/// scipy.ndimage.median_filter with mode='reflect'), over the whole row or a range of its bins.
/// </summary>
/// <remarks>
/// A range's medians equal that range of the whole row's bit for bit (a median is one of its window's values, whichever
/// way it is found), so two workers can each filter their share of a row from the whole row. An instance owns its
/// scratch: one per thread; no allocation after construction.
/// </remarks>
public sealed class PercussiveRowMedian
{
    private readonly SegmentedRunningMedian _median;
    private readonly float[] _padded;

    /// <summary>Prepares the median of <paramref name="kernelBins"/> bins for rows of <paramref name="binCount"/> bins.</summary>
    /// <param name="kernelBins">Odd, 1..63: bins in the median; at most 2 x binCount - 1.</param>
    /// <param name="binCount">Bins per row, positive.</param>
    public PercussiveRowMedian(int kernelBins, int binCount)
    {
        KernelBins = new LaneMedian(kernelBins).KernelSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, (KernelBins / 2) + 1);
        BinCount = binCount;
        _median = new SegmentedRunningMedian(binCount);
        _padded = new float[binCount + KernelBins - 1];
    }

    /// <summary>Bins in the median.</summary>
    public int KernelBins { get; }

    /// <summary>Bins per row.</summary>
    public int BinCount { get; }

    /// <summary>Medians of bins [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of one row.</summary>
    /// <param name="row">BinCount observations of one frame.</param>
    /// <param name="start">First bin, 0..BinCount.</param>
    /// <param name="count">Bins; start + count at most BinCount.</param>
    /// <param name="destination">Receives count medians; may not overlap <paramref name="row"/>.</param>
    /// <exception cref="ArgumentException">The row is short or the range out of bounds.</exception>
    public void Compute(ReadOnlySpan<float> row, int start, int count, Span<float> destination)
    {
        int bins = BinCount;
        if (row.Length < bins || start < 0 || count < 0 || start > bins - count || destination.Length < count)
        {
            throw new ArgumentException("Row, range or destination out of bounds.", nameof(row));
        }

        if (count == 0)
        {
            return;
        }

        int half = KernelBins / 2;
        Span<float> padded = _padded.AsSpan(0, count + (2 * half));
        int first = Math.Max(start - half, 0);
        int last = Math.Min(start + count + half, bins);    // exclusive
        row[first..last].CopyTo(padded[(first - start + half)..]);
        for (int b = start - half; b < first; b++)
        {
            padded[b - start + half] = row[-b - 1];               // below DC: bin -1 is bin 0
        }

        for (int b = last; b < start + count + half; b++)
        {
            padded[b - start + half] = row[(2 * bins) - 1 - b];   // above Nyquist: bin BinCount is bin BinCount - 1
        }

        _median.Compute(padded, KernelBins, destination[..count]);
    }
}
