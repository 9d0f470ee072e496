using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;

namespace KamHp.Dsp.Offline;

/// <summary>
/// The spatial covariances R_H(f), R_P(f) of one iteration over the whole excerpt (FitzGerald et al. 2014,
/// Algorithm 1 step 4b): accumulated frame by frame in increasing frame order from the iteration's Wiener estimates,
/// then averaged, and their regularized inverses for the observations of step 4c. Double precision: a sum over
/// thousands of frames.
/// </summary>
/// <remarks>
/// Step 4b averages C_j / tr C_j only over frames whose tr C_j exceeds <see cref="NumericalGuards.PowerFloor"/>
/// (silence has no direction) and divides by their count, so tr R_j = I; with no such frame R_j stays identity.
/// </remarks>
internal sealed class ExcerptCovariances
{
    private readonly CovarianceArrays _sumHarmonic;
    private readonly CovarianceArrays _sumPercussive;
    private readonly double[] _countHarmonic;
    private readonly double[] _countPercussive;
    private readonly bool[] _percussiveSummed;     // per bin: R_P's own sums kept (else they equal R_H's so far)

    /// <summary>
    /// Allocates zero sums and identity covariances for <paramref name="binCount"/> bins; with
    /// <paramref name="firstIteration"/>, frames may be added by <see cref="AccumulateFirstIteration"/>.
    /// </summary>
    public ExcerptCovariances(int binCount, bool firstIteration = false)
    {
        _percussiveSummed = new bool[binCount];
        Array.Fill(_percussiveSummed, !firstIteration);
        Harmonic = new CovarianceArrays(binCount);
        Percussive = new CovarianceArrays(binCount);
        InverseHarmonic = new CovarianceArrays(binCount);
        InversePercussive = new CovarianceArrays(binCount);
        _sumHarmonic = new CovarianceArrays(binCount);
        _sumPercussive = new CovarianceArrays(binCount);
        _countHarmonic = new double[binCount];
        _countPercussive = new double[binCount];
        Harmonic.SetIdentity();
        Percussive.SetIdentity();
    }

    /// <summary>R_H per bin.</summary>
    public CovarianceArrays Harmonic { get; }

    /// <summary>
    /// After <see cref="Complete"/>: R_P and its inverse equal R_H and its inverse bit for bit, because every frame's
    /// percussive estimate equalled its harmonic one (the first iteration, shat_H = shat_P = x/2, in practice always).
    /// </summary>
    public bool PercussiveEqualsHarmonic { get; private set; }

    /// <summary>R_P per bin.</summary>
    public CovarianceArrays Percussive { get; }

    /// <summary>R_H^-1 per bin (regularized), valid after <see cref="Complete"/>.</summary>
    public CovarianceArrays InverseHarmonic { get; }

    /// <summary>R_P^-1 per bin (regularized), valid after <see cref="Complete"/>.</summary>
    public CovarianceArrays InversePercussive { get; }

    /// <summary>
    /// Adds frame t's C_H / tr C_H and C_P / tr C_P (shat_P = x - shat_H) for the bins from <paramref name="start"/> on
    /// (as many as the estimate holds); frames in increasing order. Workers may add disjoint bins at the same time.
    /// </summary>
    public void Accumulate(StereoRow harmonic, StereoRow x, int start = 0)
    {
        int count = harmonic.LeftReal.Length;
        SpatialKernels.AccumulateNormalizedOuterPair(
            harmonic, x, NumericalGuards.PowerFloor, _sumHarmonic.Row().Slice(start, count), _countHarmonic.AsSpan(start, count),
            _sumPercussive.Row().Slice(start, count), _countPercussive.AsSpan(start, count));
    }

    /// <summary>
    /// <see cref="Accumulate"/> for the first iteration, whose two estimates are both x/2: while a bin range's
    /// residuals x - shat_H equal its estimates bit for bit, only the harmonic sums are formed, and the percussive ones
    /// are copied from them when a frame first differs (a subnormal half rounds) or at <see cref="Complete"/>. The sums
    /// are those of <see cref="Accumulate"/> exactly, for half the work. Ranges must be the same for every frame.
    /// </summary>
    public void AccumulateFirstIteration(StereoRow harmonic, StereoRow x, int start = 0)
    {
        int count = harmonic.LeftReal.Length;
        if (count > 0 && !_percussiveSummed[start])
        {
            if (SpatialKernels.ResidualEqualsEstimate(harmonic, x))
            {
                SpatialKernels.AccumulateNormalizedOuter(
                    harmonic, NumericalGuards.PowerFloor, _sumHarmonic.Row().Slice(start, count), _countHarmonic.AsSpan(start, count));
                return;
            }

            CopyHarmonicSums(start, count);
        }

        Accumulate(harmonic, x, start);
    }

    /// <summary>R_j = I / N_t sum C_j / tr C_j over the accumulated frames, and the inverses.</summary>
    public void Complete()
    {
        bool equal = !_percussiveSummed.AsSpan().Contains(true);
        for (int f = 0; f < _percussiveSummed.Length; f++)
        {
            if (!_percussiveSummed[f])
            {
                CopyHarmonicSums(f, 1);
            }
        }

        Average(_sumHarmonic.Row(), _countHarmonic, Harmonic.Row());
        Average(_sumPercussive.Row(), _countPercussive, Percussive.Row());
        CovarianceRow rH = Harmonic.Row(), rP = Percussive.Row();
        CovarianceRow inverseH = InverseHarmonic.Row(), inverseP = InversePercussive.Row();
        for (int f = 0; f < rH.Length; f++)
        {
            inverseH[f] = rH[f].RegularizedInverse(NumericalGuards.Regularization, 0);
            inverseP[f] = rP[f].RegularizedInverse(NumericalGuards.Regularization, 0);
        }

        PercussiveEqualsHarmonic = equal;
    }

    private void CopyHarmonicSums(int start, int count)
    {
        CovarianceRow from = _sumHarmonic.Row().Slice(start, count), to = _sumPercussive.Row().Slice(start, count);
        from.A.CopyTo(to.A);
        from.BReal.CopyTo(to.BReal);
        from.BImag.CopyTo(to.BImag);
        from.D.CopyTo(to.D);
        _countHarmonic.AsSpan(start, count).CopyTo(_countPercussive.AsSpan(start, count));
        _percussiveSummed.AsSpan(start, count).Fill(true);
    }

    private static void Average(CovarianceRow sum, double[] count, CovarianceRow destination)
    {
        for (int f = 0; f < sum.Length; f++)
        {
            destination[f] = count[f] > 0 ? sum[f].Combine(2.0 / count[f], default, 0) : Hermitian2x2.Identity;
        }
    }
}
