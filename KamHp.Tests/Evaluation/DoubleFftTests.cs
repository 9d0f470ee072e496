using KamHp.Evaluation;

namespace KamHp.Tests.Evaluation;

public sealed class DoubleFftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(512)]
    public void Forward_MatchesTheDefiningSum(int size)
    {
        var random = new Random(size);
        double[] re = [.. Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5)];
        double[] im = [.. Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5)];
        double[] expectedRe = new double[size], expectedIm = new double[size];
        for (int k = 0; k < size; k++)
        {
            for (int t = 0; t < size; t++)
            {
                double angle = -2 * Math.PI * k * t / size;
                expectedRe[k] += (re[t] * Math.Cos(angle)) - (im[t] * Math.Sin(angle));
                expectedIm[k] += (re[t] * Math.Sin(angle)) + (im[t] * Math.Cos(angle));
            }
        }

        new DoubleFft(size).Forward(re, im);

        // Values are O(sqrt(size)); double rounding in either computation stays below 1e-12 of that.
        for (int k = 0; k < size; k++)
        {
            Assert.Equal(expectedRe[k], re[k], 1e-11);
            Assert.Equal(expectedIm[k], im[k], 1e-11);
        }
    }

    [Fact]
    public void RealPair_ForwardThenInverseOfConjugateProduct_GivesTheCrossCorrelation()
    {
        const int size = 256;
        var fft = new DoubleFft(size);
        var random = new Random(7);
        float[] a = [.. Enumerable.Range(0, 100).Select(_ => (float)(random.NextDouble() - 0.5))];
        float[] b = [.. Enumerable.Range(0, 120).Select(_ => (float)(random.NextDouble() - 0.5))];
        double[] aRe = new double[fft.HalfSize], aIm = new double[fft.HalfSize], bRe = new double[fft.HalfSize], bIm = new double[fft.HalfSize];
        double[] scratchRe = new double[size], scratchIm = new double[size];
        fft.ForwardRealPair(a, b, scratchRe, scratchIm, aRe, aIm, bRe, bIm);

        // r_ab[t] = sum_u a[u] b[u + t] from conj(A) B; r_aa from conj(A) A, in one inverse transform.
        double[] xRe = new double[fft.HalfSize], xIm = new double[fft.HalfSize], yRe = new double[fft.HalfSize], yIm = new double[fft.HalfSize];
        for (int k = 0; k < fft.HalfSize; k++)
        {
            xRe[k] = (aRe[k] * bRe[k]) + (aIm[k] * bIm[k]);
            xIm[k] = (aRe[k] * bIm[k]) - (aIm[k] * bRe[k]);
            yRe[k] = (aRe[k] * aRe[k]) + (aIm[k] * aIm[k]);
        }

        fft.InverseRealPair(xRe, xIm, yRe, yIm, scratchRe, scratchIm);

        foreach (int lag in new[] { 0, 1, 5, 119, -3, -99 })
        {
            double ab = 0, aa = 0;
            for (int u = 0; u < a.Length; u++)
            {
                int v = u + lag;
                ab += v >= 0 && v < b.Length ? (double)a[u] * b[v] : 0;
                aa += v >= 0 && v < a.Length ? (double)a[u] * a[v] : 0;
            }

            int index = (lag + size) % size;
            Assert.Equal(ab, scratchRe[index], 1e-12);
            Assert.Equal(aa, scratchIm[index], 1e-12);
        }
    }
}
