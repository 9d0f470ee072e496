using KamHp.Dsp.Offline;
using KamHp.Dsp.Spatial;

namespace KamHp.Tests.Dsp.Offline;

/// <summary>
/// The first iteration's shortcut: while x - shat_H equals shat_H (= x/2) bit for bit, only the harmonic sums are
/// formed; the percussive covariances must still be those of summing both estimates, bit for bit, whether or not a
/// frame breaks the equality (a subnormal component, whose half rounds).
/// </summary>
public sealed class ExcerptCovariancesTests
{
    private const int Bins = 37;        // two ranges, [0, 16) and [16, 37): a vector body and a scalar tail each
    private const int Split = 16;

    [Theory]
    [InlineData(-1)]    // every residual equals its estimate
    [InlineData(0)]     // the first frame differs in one range
    [InlineData(5)]     // a middle frame differs in one range
    [InlineData(11)]    // the last frame differs in one range
    public void FirstIterationSums_EqualThoseOfBothEstimates_BitForBit(int differingFrame)
    {
        var random = new Random(41 + differingFrame);
        const int frames = 12;
        var reference = new ExcerptCovariances(Bins);
        var shortcut = new ExcerptCovariances(Bins, firstIteration: true);
        for (int t = 0; t < frames; t++)
        {
            float[][] x = [.. Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, Bins).Select(_ => (random.NextSingle() * 2) - 1).ToArray())];
            if (t == differingFrame)
            {
                x[2][20] = float.Epsilon * 3;   // 3 x 2^-149: half of it rounds to 2 x 2^-149, and x - that is not it
            }

            float[][] h = [.. x.Select(part => part.Select(value => value * 0.5f).ToArray())];
            reference.Accumulate(Row(h, 0, Bins), Row(x, 0, Bins));
            shortcut.AccumulateFirstIteration(Row(h, 0, Split), Row(x, 0, Split), 0);
            shortcut.AccumulateFirstIteration(Row(h, Split, Bins - Split), Row(x, Split, Bins - Split), Split);
        }

        reference.Complete();
        shortcut.Complete();
        AssertIdentical(reference.Harmonic, shortcut.Harmonic);
        AssertIdentical(reference.Percussive, shortcut.Percussive);
        AssertIdentical(reference.InverseHarmonic, shortcut.InverseHarmonic);
        AssertIdentical(reference.InversePercussive, shortcut.InversePercussive);
        Assert.Equal(differingFrame < 0, shortcut.PercussiveEqualsHarmonic);
    }

    [Fact]
    public void ResidualEqualsEstimate_IsFalse_ForASubnormalHalfOrANaN_AndTrueForHalves()
    {
        float[][] x = [.. Enumerable.Range(0, 4).Select(part => Enumerable.Range(0, 19).Select(f => (f - 9) * 0.37f * (part + 1)).ToArray())];
        float[][] h = [.. x.Select(part => part.Select(value => value * 0.5f).ToArray())];
        Assert.True(SpatialKernels.ResidualEqualsEstimate(Row(h, 0, 19), Row(x, 0, 19)));
        foreach (int bin in new[] { 3, 18 })   // in the vector body and in the scalar tail
        {
            float saved = x[1][bin];
            x[1][bin] = float.Epsilon;
            Assert.False(SpatialKernels.ResidualEqualsEstimate(Row(h, 0, 19), Row(x, 0, 19)));
            x[1][bin] = float.NaN;
            h[1][bin] = float.NaN;
            Assert.False(SpatialKernels.ResidualEqualsEstimate(Row(h, 0, 19), Row(x, 0, 19)));
            (x[1][bin], h[1][bin]) = (saved, saved * 0.5f);
        }
    }

    private static StereoRow Row(float[][] parts, int start, int count) =>
        new(parts[0].AsSpan(start, count), parts[1].AsSpan(start, count), parts[2].AsSpan(start, count), parts[3].AsSpan(start, count));

    private static void AssertIdentical(CovarianceArrays expected, CovarianceArrays actual)
    {
        Assert.Equal(expected.Row().A.ToArray(), actual.Row().A.ToArray());
        Assert.Equal(expected.Row().BReal.ToArray(), actual.Row().BReal.ToArray());
        Assert.Equal(expected.Row().BImag.ToArray(), actual.Row().BImag.ToArray());
        Assert.Equal(expected.Row().D.ToArray(), actual.Row().D.ToArray());
    }
}
