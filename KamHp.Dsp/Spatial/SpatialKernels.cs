using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static KamHp.Dsp.Spatial.DoubleLanes;

namespace KamHp.Dsp.Spatial;

/// <summary>
/// Row-wise (one frame, all bins) versions of the spatial steps of KAM (FitzGerald et al. 2014, eq. 7 and
/// Algorithm 1 steps 4b-4c) for stereo, in double precision on <see cref="Vector256{T}"/> lanes over bins.
/// Covariances are stored as structure-of-arrays per bin (<see cref="CovarianceRow"/>), so four bins are
/// one vector. Each method has the per-bin scalar formula of <see cref="Hermitian2x2"/> as its reference. Each public
/// method checks its span lengths once per call (<see cref="ArgumentException"/>) before its unchecked vector loads.
/// </summary>
public static class SpatialKernels
{
    /// <summary>
    /// Harmonic Wiener estimate shat_H = s_H R_H (s_H R_H + s_P R_P + delta I)^-1 x for one frame, where delta is
    /// <paramref name="regularization"/> x trace/2; where s_H + s_P &lt;= <paramref name="powerFloor"/> the estimate is x/2.
    /// </summary>
    /// <param name="harmonicPower">s_H per bin.</param>
    /// <param name="percussivePower">s_P per bin.</param>
    /// <param name="harmonicCovariance">R_H per bin.</param>
    /// <param name="percussiveCovariance">R_P per bin.</param>
    /// <param name="x">The mixture frame (left/right, real/imaginary).</param>
    /// <param name="regularization">Relative diagonal loading, 0 or more.</param>
    /// <param name="powerFloor">Power at or below which the split is half and half.</param>
    /// <param name="harmonic">Receives shat_H.</param>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="harmonicPower"/>.</exception>
    public static void WienerHarmonic(
        ReadOnlySpan<float> harmonicPower,
        ReadOnlySpan<float> percussivePower,
        CovarianceRow harmonicCovariance,
        CovarianceRow percussiveCovariance,
        StereoRow x,
        double regularization,
        double powerFloor,
        StereoRow harmonic)
    {
        int bins = harmonicPower.Length;
        if (percussivePower.Length != bins || harmonicCovariance.Length != bins || percussiveCovariance.Length != bins
            || x.LeftReal.Length != bins || harmonic.LeftReal.Length != bins)
        {
            throw new ArgumentException("Powers, covariances, mixture and destination must have the same bin count.", nameof(harmonic));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var reg = Vector256.Create(regularization * 0.5);
            var floor = Vector256.Create(powerFloor);
            var half = Vector256.Create(0.5);
            for (; f + 4 <= bins; f += 4)
            {
                Vector256<double> x0r = Widen(x.LeftReal, f), x0i = Widen(x.LeftImag, f);
                Vector256<double> x1r = Widen(x.RightReal, f), x1i = Widen(x.RightImag, f);
                var (h0r, h0i, h1r, h1i) = WienerHarmonicVector(
                    Widen(harmonicPower, f), Widen(percussivePower, f), harmonicCovariance, percussiveCovariance, f, x0r, x0i, x1r, x1i, reg, floor, half);
                StoreNarrow(h0r, harmonic.LeftReal, f);
                StoreNarrow(h0i, harmonic.LeftImag, f);
                StoreNarrow(h1r, harmonic.RightReal, f);
                StoreNarrow(h1i, harmonic.RightImag, f);
            }
        }

        for (; f < bins; f++)
        {
            double sH = harmonicPower[f], sP = percussivePower[f];
            if (sH + sP <= powerFloor)
            {
                harmonic.LeftReal[f] = 0.5f * x.LeftReal[f];
                harmonic.LeftImag[f] = 0.5f * x.LeftImag[f];
                harmonic.RightReal[f] = 0.5f * x.RightReal[f];
                harmonic.RightImag[f] = 0.5f * x.RightImag[f];
                continue;
            }

            Hermitian2x2 rH = harmonicCovariance[f];
            Hermitian2x2 inverse = rH.Combine(sH, percussiveCovariance[f], sP).RegularizedInverse(regularization, 0);
            var (y0r, y0i, y1r, y1i) = inverse.Multiply(x.LeftReal[f], x.LeftImag[f], x.RightReal[f], x.RightImag[f]);
            var (w0r, w0i, w1r, w1i) = rH.Multiply(y0r, y0i, y1r, y1i);
            harmonic.LeftReal[f] = (float)(sH * w0r);
            harmonic.LeftImag[f] = (float)(sH * w0i);
            harmonic.RightReal[f] = (float)(sH * w1r);
            harmonic.RightImag[f] = (float)(sH * w1i);
        }
    }

    /// <summary>
    /// Eq. 7 for four bins: shat_H = s_H R_H (s_H R_H + s_P R_P + delta I)^-1 x, delta = <paramref name="halfRegularization"/>
    /// x trace, and x/2 where s_H + s_P &lt;= <paramref name="powerFloor"/>. The one vector form shared by the offline
    /// output filter and the engine's fused stages, so both round identically.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<double> H0Real, Vector256<double> H0Imag, Vector256<double> H1Real, Vector256<double> H1Imag) WienerHarmonicVector(
        Vector256<double> sH,
        Vector256<double> sP,
        CovarianceRow harmonicCovariance,
        CovarianceRow percussiveCovariance,
        int f,
        Vector256<double> x0r,
        Vector256<double> x0i,
        Vector256<double> x1r,
        Vector256<double> x1i,
        Vector256<double> halfRegularization,
        Vector256<double> powerFloor,
        Vector256<double> half)
    {
        Vector256<double> hA = Load(harmonicCovariance.A, f), hBr = Load(harmonicCovariance.BReal, f);
        Vector256<double> hBi = Load(harmonicCovariance.BImag, f), hD = Load(harmonicCovariance.D, f);
        Vector256<double> a = (sH * hA) + (sP * Load(percussiveCovariance.A, f));
        Vector256<double> br = (sH * hBr) + (sP * Load(percussiveCovariance.BReal, f));
        Vector256<double> bi = (sH * hBi) + (sP * Load(percussiveCovariance.BImag, f));
        Vector256<double> d = (sH * hD) + (sP * Load(percussiveCovariance.D, f));
        Vector256<double> delta = halfRegularization * (a + d);
        a += delta;
        d += delta;
        Vector256<double> silent = Vector256.LessThanOrEqual(sH + sP, powerFloor);
        Vector256<double> gain = sH / ((a * d) - (br * br) - (bi * bi));

        // y = s_H Sigma^-1 x with Sigma^-1 = [[d, -b], [-b*, a]] / det
        Vector256<double> y0r = ((d * x0r) - (br * x1r) + (bi * x1i)) * gain;
        Vector256<double> y0i = ((d * x0i) - (br * x1i) - (bi * x1r)) * gain;
        Vector256<double> y1r = ((a * x1r) - (br * x0r) - (bi * x0i)) * gain;
        Vector256<double> y1i = ((a * x1i) - (br * x0i) + (bi * x0r)) * gain;

        // shat_H = R_H y, or half the mixture where both powers vanish
        return (
            Vector256.ConditionalSelect(silent, half * x0r, (hA * y0r) + (hBr * y1r) - (hBi * y1i)),
            Vector256.ConditionalSelect(silent, half * x0i, (hA * y0i) + (hBr * y1i) + (hBi * y1r)),
            Vector256.ConditionalSelect(silent, half * x1r, (hBr * y0r) + (hBi * y0i) + (hD * y1r)),
            Vector256.ConditionalSelect(silent, half * x1i, (hBr * y0i) - (hBi * y0r) + (hD * y1i)));
    }

    /// <summary>
    /// Adds C / tr C per bin to <paramref name="sum"/> and 1 to <paramref name="count"/> where tr C &gt; <paramref name="powerFloor"/>,
    /// with C = v v^H for the frame's source estimate v (step 4b's numerator).
    /// </summary>
    /// <param name="v">The source estimate for one frame.</param>
    /// <param name="powerFloor">Traces at or below this are skipped.</param>
    /// <param name="sum">Running sum per bin.</param>
    /// <param name="count">Running count per bin.</param>
    /// <exception cref="ArgumentException">The sum or count is not as long as the estimate.</exception>
    public static void AccumulateNormalizedOuter(StereoRow v, double powerFloor, CovarianceRow sum, Span<double> count)
    {
        int bins = v.LeftReal.Length;
        if (sum.Length != bins || count.Length != bins)
        {
            throw new ArgumentException("Estimate, sum and count must have the same bin count.", nameof(sum));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var floor = Vector256.Create(powerFloor);
            for (; f + 4 <= bins; f += 4)
            {
                AccumulateLanes(Widen(v.LeftReal, f), Widen(v.LeftImag, f), Widen(v.RightReal, f), Widen(v.RightImag, f), floor, sum, count, f);
            }
        }

        for (; f < bins; f++)
        {
            AccumulateBin(v.LeftReal[f], v.LeftImag[f], v.RightReal[f], v.RightImag[f], powerFloor, sum, count, f);
        }
    }

    /// <summary>
    /// <see cref="AccumulateNormalizedOuter"/> for both sources of a frame in one pass over the bins: the harmonic
    /// estimate <paramref name="harmonic"/> and the percussive one x - harmonic, subtracted in single precision as a
    /// stored estimate would be, so the sums are those of two calls bit for bit.
    /// </summary>
    /// <param name="harmonic">The harmonic estimate shat_H for one frame.</param>
    /// <param name="x">The mixture frame.</param>
    /// <param name="powerFloor">Traces at or below this are skipped.</param>
    /// <param name="harmonicSum">Running sum of C_H / tr C_H per bin.</param>
    /// <param name="harmonicCount">Running count of the harmonic frames per bin.</param>
    /// <param name="percussiveSum">Running sum of C_P / tr C_P per bin.</param>
    /// <param name="percussiveCount">Running count of the percussive frames per bin.</param>
    /// <exception cref="ArgumentException">A row is not as long as the estimate.</exception>
    public static void AccumulateNormalizedOuterPair(
        StereoRow harmonic, StereoRow x, double powerFloor, CovarianceRow harmonicSum, Span<double> harmonicCount, CovarianceRow percussiveSum, Span<double> percussiveCount)
    {
        int bins = harmonic.LeftReal.Length;
        if (x.LeftReal.Length != bins || harmonicSum.Length != bins || harmonicCount.Length != bins || percussiveSum.Length != bins || percussiveCount.Length != bins)
        {
            throw new ArgumentException("Estimate, mixture, sums and counts must have the same bin count.", nameof(harmonicSum));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var floor = Vector256.Create(powerFloor);
            for (; f + 4 <= bins; f += 4)
            {
                AccumulateLanes(Widen(harmonic.LeftReal, f), Widen(harmonic.LeftImag, f), Widen(harmonic.RightReal, f), Widen(harmonic.RightImag, f), floor, harmonicSum, harmonicCount, f);
                AccumulateLanes(
                    Residual(x.LeftReal, harmonic.LeftReal, f), Residual(x.LeftImag, harmonic.LeftImag, f),
                    Residual(x.RightReal, harmonic.RightReal, f), Residual(x.RightImag, harmonic.RightImag, f), floor, percussiveSum, percussiveCount, f);
            }
        }

        for (; f < bins; f++)
        {
            AccumulateBin(harmonic.LeftReal[f], harmonic.LeftImag[f], harmonic.RightReal[f], harmonic.RightImag[f], powerFloor, harmonicSum, harmonicCount, f);
            AccumulateBin(
                x.LeftReal[f] - harmonic.LeftReal[f], x.LeftImag[f] - harmonic.LeftImag[f],
                x.RightReal[f] - harmonic.RightReal[f], x.RightImag[f] - harmonic.RightImag[f], powerFloor, percussiveSum, percussiveCount, f);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateLanes(
        Vector256<double> v0r, Vector256<double> v0i, Vector256<double> v1r, Vector256<double> v1i, Vector256<double> floor, CovarianceRow sum, Span<double> count, int f)
    {
        Vector256<double> a = (v0r * v0r) + (v0i * v0i);
        Vector256<double> d = (v1r * v1r) + (v1i * v1i);
        Vector256<double> trace = a + d;
        Vector256<double> valid = Vector256.GreaterThan(trace, floor);
        Vector256<double> inv = Vector256.ConditionalSelect(valid, Vector256<double>.One / trace, Vector256<double>.Zero);
        Store(Load(sum.A, f) + (a * inv), sum.A, f);
        Store(Load(sum.BReal, f) + (((v0r * v1r) + (v0i * v1i)) * inv), sum.BReal, f);
        Store(Load(sum.BImag, f) + (((v0i * v1r) - (v0r * v1i)) * inv), sum.BImag, f);
        Store(Load(sum.D, f) + (d * inv), sum.D, f);
        Store(Load(count, f) + (Vector256<double>.One & valid), count, f);
    }

    private static void AccumulateBin(float v0r, float v0i, float v1r, float v1i, double powerFloor, CovarianceRow sum, Span<double> count, int f)
    {
        Hermitian2x2 c = Hermitian2x2.Outer(v0r, v0i, v1r, v1i);
        double trace = c.Trace;
        if (trace > powerFloor)
        {
            sum[f] = sum[f].Combine(1, c, 1 / trace);
            count[f] += 1;
        }
    }

    /// <summary>z = v^H M v / 2 per bin: the spatially whitened power tr(R^-1 C) / I of step 4c, with M = R^-1.</summary>
    /// <param name="inverseCovariance">R^-1 per bin.</param>
    /// <param name="v">The source estimate for one frame.</param>
    /// <param name="destination">Receives z per bin.</param>
    /// <exception cref="ArgumentException">The covariance or estimate is not as long as the destination.</exception>
    public static void WhitenedPower(CovarianceRow inverseCovariance, StereoRow v, Span<float> destination)
    {
        int bins = destination.Length;
        if (inverseCovariance.Length != bins || v.LeftReal.Length != bins)
        {
            throw new ArgumentException("Covariance, estimate and destination must have the same bin count.", nameof(destination));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var half = Vector256.Create(0.5);
            for (; f + 4 <= bins; f += 4)
            {
                StoreNarrow(WhitenedLanes(inverseCovariance, f, Widen(v.LeftReal, f), Widen(v.LeftImag, f), Widen(v.RightReal, f), Widen(v.RightImag, f), half), destination, f);
            }
        }

        for (; f < bins; f++)
        {
            destination[f] = (float)(0.5 * inverseCovariance[f].QuadraticForm(v.LeftReal[f], v.LeftImag[f], v.RightReal[f], v.RightImag[f]));
        }
    }

    /// <summary>
    /// <see cref="WhitenedPower"/> for both sources of a frame in one pass over the bins: z_H of
    /// <paramref name="harmonic"/> and z_P of x - harmonic, subtracted in single precision as a stored estimate would
    /// be, so the results are those of two calls bit for bit.
    /// </summary>
    /// <param name="inverseHarmonic">R_H^-1 per bin.</param>
    /// <param name="inversePercussive">R_P^-1 per bin.</param>
    /// <param name="harmonic">The harmonic estimate shat_H for one frame.</param>
    /// <param name="x">The mixture frame.</param>
    /// <param name="harmonicDestination">Receives z_H per bin.</param>
    /// <param name="percussiveDestination">Receives z_P per bin.</param>
    /// <exception cref="ArgumentException">A row is not as long as the destinations.</exception>
    public static void WhitenedPowerPair(
        CovarianceRow inverseHarmonic, CovarianceRow inversePercussive, StereoRow harmonic, StereoRow x, Span<float> harmonicDestination, Span<float> percussiveDestination)
    {
        int bins = harmonicDestination.Length;
        if (percussiveDestination.Length != bins || inverseHarmonic.Length != bins || inversePercussive.Length != bins
            || harmonic.LeftReal.Length != bins || x.LeftReal.Length != bins)
        {
            throw new ArgumentException("Covariances, estimate, mixture and destinations must have the same bin count.", nameof(harmonicDestination));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var half = Vector256.Create(0.5);
            for (; f + 4 <= bins; f += 4)
            {
                StoreNarrow(
                    WhitenedLanes(inverseHarmonic, f, Widen(harmonic.LeftReal, f), Widen(harmonic.LeftImag, f), Widen(harmonic.RightReal, f), Widen(harmonic.RightImag, f), half),
                    harmonicDestination, f);
                StoreNarrow(
                    WhitenedLanes(
                        inversePercussive, f, Residual(x.LeftReal, harmonic.LeftReal, f), Residual(x.LeftImag, harmonic.LeftImag, f),
                        Residual(x.RightReal, harmonic.RightReal, f), Residual(x.RightImag, harmonic.RightImag, f), half),
                    percussiveDestination, f);
            }
        }

        for (; f < bins; f++)
        {
            harmonicDestination[f] = (float)(0.5 * inverseHarmonic[f].QuadraticForm(harmonic.LeftReal[f], harmonic.LeftImag[f], harmonic.RightReal[f], harmonic.RightImag[f]));
            percussiveDestination[f] = (float)(0.5 * inversePercussive[f].QuadraticForm(
                x.LeftReal[f] - harmonic.LeftReal[f], x.LeftImag[f] - harmonic.LeftImag[f], x.RightReal[f] - harmonic.RightReal[f], x.RightImag[f] - harmonic.RightImag[f]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> WhitenedLanes(
        CovarianceRow inverse, int f, Vector256<double> v0r, Vector256<double> v0i, Vector256<double> v1r, Vector256<double> v1i, Vector256<double> half)
    {
        Vector256<double> br = Load(inverse.BReal, f), bi = Load(inverse.BImag, f);
        Vector256<double> cross = (v0r * ((br * v1r) - (bi * v1i))) + (v0i * ((br * v1i) + (bi * v1r)));
        Vector256<double> q = (Load(inverse.A, f) * ((v0r * v0r) + (v0i * v0i))) + (Load(inverse.D, f) * ((v1r * v1r) + (v1i * v1i))) + (cross + cross);
        return half * q;
    }

    /// <summary>
    /// Whether x - <paramref name="estimate"/> equals <paramref name="estimate"/> in every part of every bin, in single
    /// precision (false where either is NaN): then the residual's kernels give what the estimate's give, bit for bit.
    /// </summary>
    /// <param name="estimate">A source estimate for one frame (x/2 in the first iteration).</param>
    /// <param name="x">The mixture frame.</param>
    /// <exception cref="ArgumentException">The rows differ in length.</exception>
    public static bool ResidualEqualsEstimate(StereoRow estimate, StereoRow x)
    {
        int bins = estimate.LeftReal.Length;
        if (x.LeftReal.Length != bins)
        {
            throw new ArgumentException("Estimate and mixture must have the same bin count.", nameof(x));
        }

        return ResidualEquals(estimate.LeftReal, x.LeftReal) && ResidualEquals(estimate.LeftImag, x.LeftImag)
            && ResidualEquals(estimate.RightReal, x.RightReal) && ResidualEquals(estimate.RightImag, x.RightImag);
    }

    private static bool ResidualEquals(ReadOnlySpan<float> estimate, ReadOnlySpan<float> x)
    {
        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float e = ref MemoryMarshal.GetReference(estimate);
            ref float m = ref MemoryMarshal.GetReference(x);
            for (; f + 8 <= estimate.Length; f += 8)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref e, (nuint)f);
                if (!Vector256.EqualsAll(Vector256.LoadUnsafe(ref m, (nuint)f) - v, v))
                {
                    return false;
                }
            }
        }

        for (; f < estimate.Length; f++)
        {
            if (!(x[f] - estimate[f] == estimate[f]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Four bins of x - v, subtracted in single precision (as the stored estimate x - shat_H), widened.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Residual(ReadOnlySpan<float> x, ReadOnlySpan<float> v, int index) =>
        Vector256.WidenLower(
            (Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(x), (nuint)index) - Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(v), (nuint)index)).ToVector256Unsafe());
}
