using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using KamHp.Dsp.Spatial;
using static KamHp.Dsp.Spatial.DoubleLanes;

namespace KamHp.Dsp.Separation;

/// <summary>
/// The per-frame arithmetic of one streaming KAM stage (FitzGerald et al. 2014, Algorithm 1 steps 3 and 4a-4c) over a
/// range of bins, with the running covariance of <see cref="RunningCovariance"/> in place of step 4b's global average.
/// </summary>
/// <remarks>
/// The spatial kernels fuse what the offline separator does in separate passes (Wiener estimate, covariance update,
/// whitened powers of both sources) into one pass over the bins, in double precision on <see cref="Vector256{T}"/>
/// lanes (four bins per vector): the 2x2 inverses of near-mono material lose about six digits to cancellation with the
/// 1e-6 regularisation, which float cannot afford. Each vector kernel has a scalar reference built from
/// <see cref="Hermitian2x2"/> that the tests compare it with. The Wiener vector is the one the offline output filter
/// uses (<see cref="SpatialKernels.WienerHarmonicVector"/>); the non-spatial arithmetic is <see cref="FrameKernels"/>,
/// shared with the offline separator.
/// </remarks>
internal static class StageKernels
{
    /// <summary>Covariance elements smaller than this are flushed to zero (a forgotten element decays geometrically).</summary>
    public const double CovarianceFlushThreshold = 1e-30;

    /// <summary>
    /// Spatial stage n &gt;= 2 over a bin range: shat_H = s_H R_H (s_H R_H + s_P R_P)^-1 x with the previous stage's
    /// powers and covariances (half of x where s_H + s_P is at or below the floor), shat_P = x - shat_H; then each
    /// source's running covariance R_j &lt;- (1 - alpha) R_j + alpha I C_j / tr C_j where tr C_j exceeds the floor;
    /// then z_j = tr(R_j^-1 C_j) / I with the updated, regularised R_j, clamped at 0.
    /// </summary>
    public static void SpatialStage(
        ReadOnlySpan<float> harmonicPower,
        ReadOnlySpan<float> percussivePower,
        CovarianceRow previousHarmonic,
        CovarianceRow previousPercussive,
        StereoRow x,
        CovarianceRow harmonic,
        CovarianceRow percussive,
        double forgetting,
        Span<float> harmonicObservation,
        Span<float> percussiveObservation)
    {
        int bins = harmonicObservation.Length;
        if (percussiveObservation.Length != bins || harmonicPower.Length != bins || percussivePower.Length != bins || x.LeftReal.Length != bins
            || previousHarmonic.Length != bins || previousPercussive.Length != bins || harmonic.Length != bins || percussive.Length != bins)
        {
            throw new ArgumentException("All rows of a stage must have the same bin count.", nameof(harmonicObservation));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var reg = Vector256.Create(NumericalGuards.Regularization * 0.5);
            var floor = Vector256.Create(NumericalGuards.PowerFloor);
            var half = Vector256.Create(0.5);
            var keep = Vector256.Create(1 - forgetting);
            var gain = Vector256.Create(2 * forgetting);
            for (; f + 4 <= bins; f += 4)
            {
                Vector256<double> x0r = Widen(x.LeftReal, f), x0i = Widen(x.LeftImag, f);
                Vector256<double> x1r = Widen(x.RightReal, f), x1i = Widen(x.RightImag, f);
                var (h0r, h0i, h1r, h1i) = SpatialKernels.WienerHarmonicVector(
                    Widen(harmonicPower, f), Widen(percussivePower, f), previousHarmonic, previousPercussive, f, x0r, x0i, x1r, x1i, reg, floor, half);

                (Vector256<double> zH, Vector256<double> zP) = UpdateAndWhitenPair(
                    harmonic, percussive, f, h0r, h0i, h1r, h1i, x0r - h0r, x0i - h0i, x1r - h1r, x1i - h1i, keep, gain, floor, reg);
                StoreNarrow(zH, harmonicObservation, f);
                StoreNarrow(zP, percussiveObservation, f);
            }
        }

        for (; f < bins; f++)
        {
            double sH = harmonicPower[f], sP = percussivePower[f];
            double x0r = x.LeftReal[f], x0i = x.LeftImag[f], x1r = x.RightReal[f], x1i = x.RightImag[f];
            double h0r, h0i, h1r, h1i;
            if (sH + sP <= NumericalGuards.PowerFloor)
            {
                (h0r, h0i, h1r, h1i) = (0.5 * x0r, 0.5 * x0i, 0.5 * x1r, 0.5 * x1i);
            }
            else
            {
                Hermitian2x2 rH = previousHarmonic[f];
                Hermitian2x2 inverse = rH.Combine(sH, previousPercussive[f], sP).RegularizedInverse(NumericalGuards.Regularization, 0);
                var (y0r, y0i, y1r, y1i) = inverse.Multiply(x0r, x0i, x1r, x1i);
                var (w0r, w0i, w1r, w1i) = rH.Multiply(y0r, y0i, y1r, y1i);
                (h0r, h0i, h1r, h1i) = (sH * w0r, sH * w0i, sH * w1r, sH * w1i);
            }

            harmonicObservation[f] = (float)UpdateAndWhitenScalar(harmonic, f, h0r, h0i, h1r, h1i, forgetting);
            percussiveObservation[f] = (float)UpdateAndWhitenScalar(percussive, f, x0r - h0r, x0i - h0i, x1r - h1r, x1i - h1i, forgetting);
        }
    }

    /// <summary>
    /// Spatial stage 1 over a bin range. With the initial s_H = s_P and R_H = R_P = identity, eq. 7 gives shat_H = shat_P
    /// = x / 2 exactly (the offline separator's regularised inverse deviates from this by 1e-6 relative), so both sources
    /// share one covariance and one observation: R &lt;- (1 - alpha) R + alpha I C / tr C with C = (x/2)(x/2)^H, z = tr(R^-1 C) / I.
    /// </summary>
    public static void SpatialFirstStage(StereoRow x, CovarianceRow covariance, double forgetting, Span<float> observation)
    {
        int bins = observation.Length;
        if (x.LeftReal.Length != bins || covariance.Length != bins)
        {
            throw new ArgumentException("Mixture, covariance and observation must have the same bin count.", nameof(observation));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var reg = Vector256.Create(NumericalGuards.Regularization * 0.5);
            var floor = Vector256.Create(NumericalGuards.PowerFloor);
            var half = Vector256.Create(0.5);
            var keep = Vector256.Create(1 - forgetting);
            var gain = Vector256.Create(2 * forgetting);
            for (; f + 4 <= bins; f += 4)
            {
                Vector256<double> z = UpdateAndWhiten(
                    covariance, f, half * Widen(x.LeftReal, f), half * Widen(x.LeftImag, f), half * Widen(x.RightReal, f), half * Widen(x.RightImag, f),
                    keep, gain, floor, reg);
                StoreNarrow(z, observation, f);
            }
        }

        for (; f < bins; f++)
        {
            observation[f] = (float)UpdateAndWhitenScalar(
                covariance, f, 0.5 * x.LeftReal[f], 0.5 * x.LeftImag[f], 0.5 * x.RightReal[f], 0.5 * x.RightImag[f], forgetting);
        }
    }

    /// <summary>Scalar reference of <see cref="SpatialStage"/> (same results to rounding), for tests.</summary>
    public static void SpatialStageReference(
        ReadOnlySpan<float> harmonicPower,
        ReadOnlySpan<float> percussivePower,
        CovarianceRow previousHarmonic,
        CovarianceRow previousPercussive,
        StereoRow x,
        CovarianceRow harmonic,
        CovarianceRow percussive,
        double forgetting,
        Span<float> harmonicObservation,
        Span<float> percussiveObservation)
    {
        for (int f = 0; f < harmonicObservation.Length; f++)
        {
            double sH = harmonicPower[f], sP = percussivePower[f];
            double x0r = x.LeftReal[f], x0i = x.LeftImag[f], x1r = x.RightReal[f], x1i = x.RightImag[f];
            double h0r = 0.5 * x0r, h0i = 0.5 * x0i, h1r = 0.5 * x1r, h1i = 0.5 * x1i;
            if (sH + sP > NumericalGuards.PowerFloor)
            {
                Hermitian2x2 rH = previousHarmonic[f];
                Hermitian2x2 inverse = rH.Combine(sH, previousPercussive[f], sP).RegularizedInverse(NumericalGuards.Regularization, 0);
                var (y0r, y0i, y1r, y1i) = inverse.Multiply(x0r, x0i, x1r, x1i);
                var (w0r, w0i, w1r, w1i) = rH.Multiply(y0r, y0i, y1r, y1i);
                (h0r, h0i, h1r, h1i) = (sH * w0r, sH * w0i, sH * w1r, sH * w1i);
            }

            harmonicObservation[f] = (float)UpdateAndWhitenScalar(harmonic, f, h0r, h0i, h1r, h1i, forgetting);
            percussiveObservation[f] = (float)UpdateAndWhitenScalar(percussive, f, x0r - h0r, x0i - h0i, x1r - h1r, x1i - h1i, forgetting);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> UpdateAndWhiten(
        CovarianceRow r, int f, Vector256<double> v0r, Vector256<double> v0i, Vector256<double> v1r, Vector256<double> v1i,
        Vector256<double> keep, Vector256<double> gain, Vector256<double> floor, Vector256<double> reg)
    {
        Vector256<double> cA = (v0r * v0r) + (v0i * v0i);
        Vector256<double> cD = (v1r * v1r) + (v1i * v1i);
        Vector256<double> cBr = (v0r * v1r) + (v0i * v1i);
        Vector256<double> cBi = (v0i * v1r) - (v0r * v1i);
        Vector256<double> trace = cA + cD;
        Vector256<double> valid = Vector256.GreaterThan(trace, floor);
        Vector256<double> k = Vector256.ConditionalSelect(valid, gain / trace, Vector256<double>.Zero);
        Vector256<double> kp = Vector256.ConditionalSelect(valid, keep, Vector256<double>.One);
        Vector256<double> a = Flush((kp * Load(r.A, f)) + (k * cA));
        Vector256<double> br = Flush((kp * Load(r.BReal, f)) + (k * cBr));
        Vector256<double> bi = Flush((kp * Load(r.BImag, f)) + (k * cBi));
        Vector256<double> d = Flush((kp * Load(r.D, f)) + (k * cD));
        Store(a, r.A, f);
        Store(br, r.BReal, f);
        Store(bi, r.BImag, f);
        Store(d, r.D, f);

        // z = v^H (R + delta I)^-1 v / 2 = (d' |v0|^2 + a' |v1|^2 - 2 Re(conj(v0) b v1)) / (2 det)
        Vector256<double> delta = reg * (a + d);
        a += delta;
        d += delta;
        Vector256<double> det = (a * d) - (br * br) - (bi * bi);
        Vector256<double> q = ((d * cA) + (a * cD) - (Vector256.Create(2.0) * ((br * cBr) + (bi * cBi)))) / (det + det);
        return Vector256.Max(q, Vector256<double>.Zero);
    }

    /// <summary>
    /// <see cref="UpdateAndWhiten"/> for both sources at once, sharing divisions (the slowest vector operation here):
    /// 1/tr_H and 1/tr_P from one reciprocal of their product, 1/det_H and 1/det_P likewise. Traces of silent bins
    /// are replaced by 1 in the product, so a silent source never poisons the other's lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Harmonic, Vector256<double> Percussive) UpdateAndWhitenPair(
        CovarianceRow rh, CovarianceRow rp, int f,
        Vector256<double> h0r, Vector256<double> h0i, Vector256<double> h1r, Vector256<double> h1i,
        Vector256<double> p0r, Vector256<double> p0i, Vector256<double> p1r, Vector256<double> p1i,
        Vector256<double> keep, Vector256<double> gain, Vector256<double> floor, Vector256<double> reg)
    {
        Vector256<double> hA = (h0r * h0r) + (h0i * h0i), hD = (h1r * h1r) + (h1i * h1i);
        Vector256<double> hBr = (h0r * h1r) + (h0i * h1i), hBi = (h0i * h1r) - (h0r * h1i);
        Vector256<double> pA = (p0r * p0r) + (p0i * p0i), pD = (p1r * p1r) + (p1i * p1i);
        Vector256<double> pBr = (p0r * p1r) + (p0i * p1i), pBi = (p0i * p1r) - (p0r * p1i);
        Vector256<double> trH = hA + hD, trP = pA + pD;
        Vector256<double> validH = Vector256.GreaterThan(trH, floor), validP = Vector256.GreaterThan(trP, floor);
        Vector256<double> safeH = Vector256.ConditionalSelect(validH, trH, Vector256<double>.One);
        Vector256<double> safeP = Vector256.ConditionalSelect(validP, trP, Vector256<double>.One);
        Vector256<double> invBoth = gain / (safeH * safeP);
        Vector256<double> kH = Vector256.ConditionalSelect(validH, invBoth * safeP, Vector256<double>.Zero);
        Vector256<double> kP = Vector256.ConditionalSelect(validP, invBoth * safeH, Vector256<double>.Zero);
        Vector256<double> keepH = Vector256.ConditionalSelect(validH, keep, Vector256<double>.One);
        Vector256<double> keepP = Vector256.ConditionalSelect(validP, keep, Vector256<double>.One);

        Vector256<double> ha = Flush((keepH * Load(rh.A, f)) + (kH * hA)), hbr = Flush((keepH * Load(rh.BReal, f)) + (kH * hBr));
        Vector256<double> hbi = Flush((keepH * Load(rh.BImag, f)) + (kH * hBi)), hd = Flush((keepH * Load(rh.D, f)) + (kH * hD));
        Vector256<double> pa = Flush((keepP * Load(rp.A, f)) + (kP * pA)), pbr = Flush((keepP * Load(rp.BReal, f)) + (kP * pBr));
        Vector256<double> pbi = Flush((keepP * Load(rp.BImag, f)) + (kP * pBi)), pd = Flush((keepP * Load(rp.D, f)) + (kP * pD));
        Store(ha, rh.A, f);
        Store(hbr, rh.BReal, f);
        Store(hbi, rh.BImag, f);
        Store(hd, rh.D, f);
        Store(pa, rp.A, f);
        Store(pbr, rp.BReal, f);
        Store(pbi, rp.BImag, f);
        Store(pd, rp.D, f);

        // z = (d' |v0|^2 + a' |v1|^2 - 2 Re(conj(v0) b v1)) / (2 det) with the regularised a', d', det.
        Vector256<double> deltaH = reg * (ha + hd), deltaP = reg * (pa + pd);
        ha += deltaH;
        hd += deltaH;
        pa += deltaP;
        pd += deltaP;
        Vector256<double> detH = (ha * hd) - (hbr * hbr) - (hbi * hbi);
        Vector256<double> detP = (pa * pd) - (pbr * pbr) - (pbi * pbi);
        Vector256<double> two = Vector256.Create(2.0);
        Vector256<double> halfInvBoth = Vector256.Create(0.5) / (detH * detP);
        Vector256<double> qH = (hd * hA) + (ha * hD) - (two * ((hbr * hBr) + (hbi * hBi)));
        Vector256<double> qP = (pd * pA) + (pa * pD) - (two * ((pbr * pBr) + (pbi * pBi)));
        return (Vector256.Max(qH * (halfInvBoth * detP), Vector256<double>.Zero), Vector256.Max(qP * (halfInvBoth * detH), Vector256<double>.Zero));
    }

    private static double UpdateAndWhitenScalar(CovarianceRow r, int f, double v0r, double v0i, double v1r, double v1i, double forgetting)
    {
        Hermitian2x2 c = Hermitian2x2.Outer(v0r, v0i, v1r, v1i);
        Hermitian2x2 current = r[f];
        if (c.Trace > NumericalGuards.PowerFloor)
        {
            current = current.Combine(1 - forgetting, c, 2 * forgetting / c.Trace);
            current = new Hermitian2x2(FlushScalar(current.A), FlushScalar(current.BReal), FlushScalar(current.BImag), FlushScalar(current.D));
            r[f] = current;
        }

        double q = 0.5 * current.RegularizedInverse(NumericalGuards.Regularization, 0).QuadraticForm(v0r, v0i, v1r, v1i);
        return Math.Max(q, 0);
    }

    private static double FlushScalar(double value) => Math.Abs(value) >= CovarianceFlushThreshold ? value : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Flush(Vector256<double> value) =>
        value & Vector256.GreaterThanOrEqual(Vector256.Abs(value), Vector256.Create(CovarianceFlushThreshold));
}
