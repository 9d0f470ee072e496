namespace KamHp.Dsp.Offline;

/// <summary>
/// One iteration's source powers s_H and s_P (Algorithm 1, step 4d) for every frame of the excerpt, kept from the
/// spatial model's estimation pass that computed them for the next pass to read, instead of running that iteration's
/// stage again from the start (FitzGerald et al. 2014: the powers of iteration n feed the Wiener filter of iteration
/// n + 1 and nothing else). Kept only when small enough (<see cref="Fits"/>); the values are those the stage computes,
/// so reading them gives the same bits as recomputing them.
/// </summary>
internal sealed class StagePowers
{
    /// <summary>Largest pair of power arrays kept, in bytes (about 3 minutes of audio at 4096/1024).</summary>
    public const long BudgetBytes = 128L << 20;

    private readonly AlignedFloats _harmonic;
    private readonly AlignedFloats _percussive;
    private readonly int _bins;

    /// <summary>Allocates the powers of <paramref name="frameCount"/> frames of <paramref name="binCount"/> bins.</summary>
    public StagePowers(int frameCount, int binCount)
    {
        _bins = binCount;
        _harmonic = LargeArrays.Allocate(frameCount * binCount);
        _percussive = LargeArrays.Allocate(_harmonic.Length);
    }

    /// <summary>Whether the powers of <paramref name="frameCount"/> frames of <paramref name="binCount"/> bins take at most <paramref name="budgetBytes"/>.</summary>
    public static bool Fits(int frameCount, int binCount, long budgetBytes) =>
        2L * frameCount * binCount * sizeof(float) <= budgetBytes;

    /// <summary>s_H of frame <paramref name="frame"/>, all bins.</summary>
    public Span<float> Harmonic(int frame) => _harmonic.Slice(frame * _bins, _bins);

    /// <summary>s_P of frame <paramref name="frame"/>, all bins.</summary>
    public Span<float> Percussive(int frame) => _percussive.Slice(frame * _bins, _bins);
}
