namespace KamHp.Dsp.Offline;

/// <summary>
/// A worker's share of a spectrum row: bins [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>) and the
/// harmonic median's lanes [<see cref="Start"/>, <see cref="Start"/> + <see cref="LaneCount"/>). Shares start at a
/// multiple of 16 bins, so every vector loop sees the same groups of bins as over the whole row and the values do not
/// depend on how the row is shared.
/// </summary>
/// <param name="Start">First bin (and lane).</param>
/// <param name="Count">Bins.</param>
/// <param name="LaneCount">Lanes of the harmonic median (the last share includes the padding lanes past the bins).</param>
internal readonly record struct BinRange(int Start, int Count, int LaneCount)
{
    /// <summary>Shares start at multiples of this many bins.</summary>
    public const int Alignment = 16;

    /// <summary>The rows of <paramref name="bins"/> bins (<paramref name="lanes"/> lanes) cut into <paramref name="workers"/> shares.</summary>
    public static BinRange[] Split(int bins, int lanes, int workers)
    {
        var ranges = new BinRange[workers];
        int start = 0;
        for (int w = 0; w < workers; w++)
        {
            int end = w == workers - 1 ? bins : Math.Min(bins, ((bins * (w + 1) / workers) + (Alignment / 2)) / Alignment * Alignment);
            int laneEnd = w == workers - 1 ? lanes : end;
            ranges[w] = new BinRange(start, end - start, laneEnd - start);
            start = end;
        }

        return ranges;
    }
}
