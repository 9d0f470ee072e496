namespace KamHp.Dsp.Separation;

/// <summary>
/// The bins of a padded spectrum row cut into <see cref="Count"/> chunks of whole 8-lane groups: the unit of work of
/// one scheduled slice of a stage (see <see cref="FrameScheduler"/>).
/// </summary>
/// <param name="PaddedBins">Bins per row rounded up to a multiple of 8.</param>
internal readonly record struct BinChunks(int PaddedBins)
{
    /// <summary>
    /// Chunks per row. Four keeps the largest slice near the cost of one FFT, so no slice dominates the worst-case
    /// block: in <see cref="FrameScheduler"/>'s cost model a spatial stage's observations take 9.8 ns per bin, 20 µs
    /// for a 4096-point frame, a quarter of which is about one 4096-point FFT (5.9 µs).
    /// </summary>
    public const int Count = 4;

    /// <summary>Bins per chunk (the last may be shorter), a multiple of 8.</summary>
    public int ChunkBins => (((PaddedBins + Count - 1) / Count) + 7) & ~7;

    /// <summary>Start and length of chunk <paramref name="chunk"/>.</summary>
    public (int Start, int Length) this[int chunk]
    {
        get
        {
            int size = ChunkBins;
            int start = Math.Min(chunk * size, PaddedBins);
            return (start, Math.Min(size, PaddedBins - start));
        }
    }
}
