using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;

namespace KamHp.Tests.Dsp.Spatial;

/// <summary>
/// The public spatial kernels against the per-bin formulas of <see cref="Hermitian2x2"/>, over every length 0..64 (the
/// vector body and every scalar tail). Tolerance: 1e-6 relative to the row's largest magnitude; both sides compute in
/// double and round to float once, but in different orders (the 2x2 inverse loses up to ~6 digits on near-singular bins).
/// </summary>
public sealed class SpatialKernelsTests
{
    [Fact]
    public void WienerHarmonic_MatchesTheScalarFormula_ForEveryLengthUpTo64()
    {
        var random = new Random(31);
        for (int bins = 0; bins <= 64; bins++)
        {
            float[] sH = Powers(random, bins), sP = Powers(random, bins);
            if (bins > 1)
            {
                sH[bins - 1] = 0;
                sP[bins - 1] = 0;   // silent: half split
            }

            CovarianceArrays rH = Covariances(random, bins), rP = Covariances(random, bins);
            float[][] x = Rows(random, bins), h = Rows(random, bins);
            SpatialKernels.WienerHarmonic(sH, sP, rH.Row(), rP.Row(), Row(x), NumericalGuards.Regularization, NumericalGuards.PowerFloor, Row(h));
            var expected = new float[4][];
            for (int part = 0; part < 4; part++)
            {
                expected[part] = new float[bins];
            }

            for (int f = 0; f < bins; f++)
            {
                double w0r = 0.5 * x[0][f], w0i = 0.5 * x[1][f], w1r = 0.5 * x[2][f], w1i = 0.5 * x[3][f];
                if (sH[f] + (double)sP[f] > NumericalGuards.PowerFloor)
                {
                    Hermitian2x2 inverse = rH.Row()[f].Combine(sH[f], rP.Row()[f], sP[f]).RegularizedInverse(NumericalGuards.Regularization, 0);
                    var (y0r, y0i, y1r, y1i) = inverse.Multiply(x[0][f], x[1][f], x[2][f], x[3][f]);
                    (w0r, w0i, w1r, w1i) = rH.Row()[f].Multiply(y0r, y0i, y1r, y1i);
                    (w0r, w0i, w1r, w1i) = (sH[f] * w0r, sH[f] * w0i, sH[f] * w1r, sH[f] * w1i);
                }

                (expected[0][f], expected[1][f], expected[2][f], expected[3][f]) = ((float)w0r, (float)w0i, (float)w1r, (float)w1i);
            }

            for (int part = 0; part < 4; part++)
            {
                AssertClose(expected[part], h[part], bins);
            }
        }
    }

    [Fact]
    public void AccumulateNormalizedOuterAndWhitenedPower_MatchTheScalarFormulas_ForEveryLengthUpTo64()
    {
        var random = new Random(32);
        for (int bins = 0; bins <= 64; bins++)
        {
            float[][] v = Rows(random, bins);
            if (bins > 2)
            {
                v[0][1] = v[1][1] = v[2][1] = v[3][1] = 0;   // no direction: skipped
            }

            var sum = new CovarianceArrays(bins);
            var count = new double[bins];
            SpatialKernels.AccumulateNormalizedOuter(Row(v), NumericalGuards.PowerFloor, sum.Row(), count);
            CovarianceArrays inverse = Covariances(random, bins);
            var z = new float[bins];
            SpatialKernels.WhitenedPower(inverse.Row(), Row(v), z);
            var expectedZ = new float[bins];
            for (int f = 0; f < bins; f++)
            {
                Hermitian2x2 c = Hermitian2x2.Outer(v[0][f], v[1][f], v[2][f], v[3][f]);
                bool valid = c.Trace > NumericalGuards.PowerFloor;
                Assert.Equal(valid ? 1.0 : 0.0, count[f]);
                Hermitian2x2 expected = valid ? c.Combine(1 / c.Trace, default, 0) : default;
                Assert.Equal(expected.A, sum.Row()[f].A, 1e-12);
                Assert.Equal(expected.BReal, sum.Row()[f].BReal, 1e-12);
                Assert.Equal(expected.BImag, sum.Row()[f].BImag, 1e-12);
                Assert.Equal(expected.D, sum.Row()[f].D, 1e-12);
                expectedZ[f] = (float)(0.5 * inverse.Row()[f].QuadraticForm(v[0][f], v[1][f], v[2][f], v[3][f]));
            }

            AssertClose(expectedZ, z, bins);
        }
    }

    [Fact]
    public void PairKernels_EqualTwoSingleCallsOnTheStoredResidual_BitForBit_ForEveryLengthUpTo64()
    {
        var random = new Random(34);
        for (int bins = 0; bins <= 64; bins++)
        {
            float[][] h = Rows(random, bins), x = Rows(random, bins);
            if (bins > 3)
            {
                for (int part = 0; part < 4; part++)
                {
                    x[part][2] = h[part][2];   // a silent residual: skipped by the percussive sum only
                }
            }

            float[][] residual = [.. Enumerable.Range(0, 4).Select(part => Enumerable.Range(0, bins).Select(f => x[part][f] - h[part][f]).ToArray())];
            var (singleH, singleP) = (new CovarianceArrays(bins), new CovarianceArrays(bins));
            var (pairH, pairP) = (new CovarianceArrays(bins), new CovarianceArrays(bins));
            double[] countH = new double[bins], countP = new double[bins], pairCountH = new double[bins], pairCountP = new double[bins];
            for (int frame = 0; frame < 3; frame++)
            {
                SpatialKernels.AccumulateNormalizedOuter(Row(h), NumericalGuards.PowerFloor, singleH.Row(), countH);
                SpatialKernels.AccumulateNormalizedOuter(Row(residual), NumericalGuards.PowerFloor, singleP.Row(), countP);
                SpatialKernels.AccumulateNormalizedOuterPair(Row(h), Row(x), NumericalGuards.PowerFloor, pairH.Row(), pairCountH, pairP.Row(), pairCountP);
            }

            Assert.Equal(countH, pairCountH);
            Assert.Equal(countP, pairCountP);
            AssertIdentical(singleH, pairH);
            AssertIdentical(singleP, pairP);

            CovarianceArrays inverseH = Covariances(random, bins), inverseP = Covariances(random, bins);
            float[] zH = new float[bins], zP = new float[bins], pairZH = new float[bins], pairZP = new float[bins];
            SpatialKernels.WhitenedPower(inverseH.Row(), Row(h), zH);
            SpatialKernels.WhitenedPower(inverseP.Row(), Row(residual), zP);
            SpatialKernels.WhitenedPowerPair(inverseH.Row(), inverseP.Row(), Row(h), Row(x), pairZH, pairZP);
            Assert.Equal(zH, pairZH);
            Assert.Equal(zP, pairZP);
        }
    }

    [Fact]
    public void Kernels_ThrowForAShortSpan_InsteadOfReadingOrWritingPastIt()
    {
        const int bins = 33;
        var random = new Random(33);
        float[] s = Powers(random, bins), shorter = Powers(random, bins - 1);
        CovarianceArrays r = Covariances(random, bins), rShort = Covariances(random, bins - 1);
        float[][] x = Rows(random, bins), xShort = Rows(random, bins - 1);
        Assert.Throws<ArgumentException>(() => SpatialKernels.WienerHarmonic(s, shorter, r.Row(), r.Row(), Row(x), 1e-6, 1e-20, Row(x)));
        Assert.Throws<ArgumentException>(() => SpatialKernels.WienerHarmonic(s, s, r.Row(), rShort.Row(), Row(x), 1e-6, 1e-20, Row(x)));
        Assert.Throws<ArgumentException>(() => SpatialKernels.WienerHarmonic(s, s, r.Row(), r.Row(), Row(x), 1e-6, 1e-20, Row(xShort)));
        Assert.Throws<ArgumentException>(() => SpatialKernels.AccumulateNormalizedOuter(Row(x), 1e-20, rShort.Row(), new double[bins]));
        Assert.Throws<ArgumentException>(() => SpatialKernels.AccumulateNormalizedOuter(Row(x), 1e-20, r.Row(), new double[bins - 1]));
        Assert.Throws<ArgumentException>(() => SpatialKernels.WhitenedPower(r.Row(), Row(xShort), new float[bins]));
        Assert.Throws<ArgumentException>(() => SpatialKernels.WhitenedPower(rShort.Row(), Row(x), new float[bins]));
        Assert.Throws<ArgumentException>(() => SpatialKernels.AccumulateNormalizedOuterPair(Row(x), Row(xShort), 1e-20, r.Row(), new double[bins], r.Row(), new double[bins]));
        Assert.Throws<ArgumentException>(() => SpatialKernels.AccumulateNormalizedOuterPair(Row(x), Row(x), 1e-20, r.Row(), new double[bins], rShort.Row(), new double[bins]));
        Assert.Throws<ArgumentException>(() => SpatialKernels.WhitenedPowerPair(r.Row(), r.Row(), Row(x), Row(xShort), new float[bins], new float[bins]));
        Assert.Throws<ArgumentException>(() => SpatialKernels.WhitenedPowerPair(r.Row(), rShort.Row(), Row(x), Row(x), new float[bins], new float[bins]));
    }

    private static StereoRow Row(float[][] parts) => new(parts[0], parts[1], parts[2], parts[3]);

    private static void AssertIdentical(CovarianceArrays expected, CovarianceArrays actual)
    {
        Assert.Equal(expected.Row().A.ToArray(), actual.Row().A.ToArray());
        Assert.Equal(expected.Row().BReal.ToArray(), actual.Row().BReal.ToArray());
        Assert.Equal(expected.Row().BImag.ToArray(), actual.Row().BImag.ToArray());
        Assert.Equal(expected.Row().D.ToArray(), actual.Row().D.ToArray());
    }

    private static float[][] Rows(Random random, int bins) =>
        Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, bins).Select(_ => (random.NextSingle() * 2) - 1).ToArray()).ToArray();

    private static float[] Powers(Random random, int bins) => Enumerable.Range(0, bins).Select(_ => random.NextSingle() * 10).ToArray();

    private static CovarianceArrays Covariances(Random random, int bins)
    {
        var covariance = new CovarianceArrays(bins);
        CovarianceRow row = covariance.Row();
        for (int f = 0; f < bins; f++)
        {
            double a = 0.2 + random.NextDouble(), d = 0.2 + random.NextDouble();
            double scale = 0.9 * Math.Sqrt(a * d) * random.NextDouble();
            double angle = 2 * Math.PI * random.NextDouble();
            row[f] = new Hermitian2x2(a, scale * Math.Cos(angle), scale * Math.Sin(angle), d);
        }

        return covariance;
    }

    private static void AssertClose(float[] expected, float[] actual, int bins)
    {
        Assert.Equal(bins, actual.Length);
        double peak = expected.Length == 0 ? 0 : expected.Max(v => Math.Abs((double)v));
        for (int f = 0; f < bins; f++)
        {
            Assert.True(Math.Abs(expected[f] - actual[f]) <= 1e-6 * Math.Max(peak, 1e-30), $"{bins} bins, bin {f}: {expected[f]} vs {actual[f]}");
        }
    }
}
