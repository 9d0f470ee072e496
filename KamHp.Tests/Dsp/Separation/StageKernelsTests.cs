using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;

namespace KamHp.Tests.Dsp.Separation;

public sealed class StageKernelsTests
{
    private const int Bins = 67;   // not a multiple of the vector width: exercises the scalar tail

    [Fact]
    public void SpatialStage_VectorKernel_MatchesScalarReference()
    {
        var random = new Random(11);
        float[] sH = Powers(random), sP = Powers(random);
        sH[3] = 0;
        sP[3] = 0;        // silent bin: half split
        sP[5] = 0;        // percussive power zero
        (float[] xr0, float[] xi0, float[] xr1, float[] xi1) = Spectrum(random);
        xr1[7] = xr0[7];
        xi1[7] = xi0[7];  // mono bin: singular covariances after the update
        RunningCovariance prevH = Covariance(random), prevP = Covariance(random);
        RunningCovariance vecH = Covariance(new Random(5)), vecP = Covariance(new Random(6));
        RunningCovariance refH = Covariance(new Random(5)), refP = Covariance(new Random(6));
        var zHv = new float[Bins];
        var zPv = new float[Bins];
        var zHr = new float[Bins];
        var zPr = new float[Bins];
        var x = new StereoRow(xr0, xi0, xr1, xi1);

        StageKernels.SpatialStage(sH, sP, prevH.Row(0, Bins), prevP.Row(0, Bins), x, vecH.Row(0, Bins), vecP.Row(0, Bins), 0.01, zHv, zPv);
        StageKernels.SpatialStageReference(sH, sP, prevH.Row(0, Bins), prevP.Row(0, Bins), x, refH.Row(0, Bins), refP.Row(0, Bins), 0.01, zHr, zPr);

        // Same formulas, different association of the 2x2 algebra: z agrees to float rounding. Covariance elements
        // are O(1); where s_P = 0, shat_P = x - shat_H is a difference of numbers equal to 1e-6 (the regularisation),
        // which costs 6 of double's 16 digits, hence 1e-9 rather than a few ulps.
        AssertClose(zHr, zHv, 1e-6);
        AssertClose(zPr, zPv, 1e-6);
        AssertCovariancesClose(refH, vecH, 1e-9);
        AssertCovariancesClose(refP, vecP, 1e-9);
        Assert.Contains(zHv, z => z > 0);
    }

    [Fact]
    public void SpatialFirstStage_UsesHalfTheMixture_AndUpdatesTheCovariance()
    {
        var random = new Random(12);
        (float[] xr0, float[] xi0, float[] xr1, float[] xi1) = Spectrum(random);
        var covariance = new RunningCovariance(Bins);
        var z = new float[Bins];
        const double alpha = 0.25;
        StageKernels.SpatialFirstStage(new StereoRow(xr0, xi0, xr1, xi1), covariance.Row(0, Bins), alpha, z);

        CovarianceRow r = covariance.Row(0, Bins);
        for (int f = 0; f < Bins; f++)
        {
            Hermitian2x2 c = Hermitian2x2.Outer(0.5 * xr0[f], 0.5 * xi0[f], 0.5 * xr1[f], 0.5 * xi1[f]);
            Hermitian2x2 expected = Hermitian2x2.Identity.Combine(1 - alpha, c, 2 * alpha / c.Trace);
            Assert.Equal(expected.A, r[f].A, 1e-12);
            Assert.Equal(expected.BReal, r[f].BReal, 1e-12);
            Assert.Equal(expected.BImag, r[f].BImag, 1e-12);
            Assert.Equal(expected.D, r[f].D, 1e-12);
            double zExpected = 0.5 * expected.RegularizedInverse(NumericalGuards.Regularization, 0).QuadraticForm(0.5 * xr0[f], 0.5 * xi0[f], 0.5 * xr1[f], 0.5 * xi1[f]);
            Assert.Equal(zExpected, z[f], zExpected * 1e-6);
        }
    }

    [Fact]
    public void SpatialFirstStage_SkipsTheUpdate_ForSilentBins()
    {
        var covariance = new RunningCovariance(8);
        var zero = new float[8];
        var z = new float[8];
        StageKernels.SpatialFirstStage(new StereoRow(zero, zero, zero, zero), covariance.Row(0, 8), 0.5, z);
        Assert.All(z, v => Assert.Equal(0f, v));
        Assert.Equal(Hermitian2x2.Identity, covariance.Row(0, 8)[5]);
    }

    private static float[] Powers(Random random) => Enumerable.Range(0, Bins).Select(_ => random.NextSingle() * 10).ToArray();

    private static (float[], float[], float[], float[]) Spectrum(Random random)
    {
        float[] Next() => Enumerable.Range(0, Bins).Select(_ => (random.NextSingle() * 2) - 1).ToArray();
        return (Next(), Next(), Next(), Next());
    }

    private static RunningCovariance Covariance(Random random)
    {
        var covariance = new RunningCovariance(Bins);
        CovarianceRow row = covariance.Row(0, Bins);
        for (int f = 0; f < Bins; f++)
        {
            double a = 0.2 + random.NextDouble(), d = 0.2 + random.NextDouble();
            double scale = 0.9 * Math.Sqrt(a * d) * random.NextDouble();
            double angle = 2 * Math.PI * random.NextDouble();
            row[f] = new Hermitian2x2(a, scale * Math.Cos(angle), scale * Math.Sin(angle), d);
        }

        return covariance;
    }

    private static void AssertClose(float[] expected, float[] actual, double relative)
    {
        for (int f = 0; f < expected.Length; f++)
        {
            Assert.True(Math.Abs(expected[f] - actual[f]) <= relative * Math.Max(1e-30, Math.Abs(expected[f])), $"bin {f}: {expected[f]} vs {actual[f]}");
        }
    }

    private static void AssertCovariancesClose(RunningCovariance expected, RunningCovariance actual, double tolerance)
    {
        CovarianceRow e = expected.Row(0, Bins), a = actual.Row(0, Bins);
        for (int f = 0; f < Bins; f++)
        {
            Assert.True(Math.Abs(e[f].A - a[f].A) <= tolerance, $"bin {f}: {e[f]} vs {a[f]}");
            Assert.Equal(e[f].BReal, a[f].BReal, tolerance);
            Assert.Equal(e[f].BImag, a[f].BImag, tolerance);
            Assert.Equal(e[f].D, a[f].D, tolerance);
        }
    }
}
