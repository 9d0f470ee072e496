using KamHp.Dsp.Separation;

namespace KamHp.Tests.Dsp.Separation;

public sealed class BandPooledMaskTests
{
    [Fact]
    public void EqualSizes_GiveThePaperWienerMaskPerBin()
    {
        var pooling = new BandPooledMask(5, 5);
        float[] harmonic = [1, 3, 0, 2, 5];
        float[] percussive = [1, 1, 4, 6, 0];
        var mask = new float[5];
        pooling.Compute(harmonic, percussive, 1f, mask);
        Assert.Equal([0.5f, 0.75f, 0f, 0.25f, 1f], mask);
    }

    [Fact]
    public void RatioTwo_PoolsWithTriangularWeights_HandChecked()
    {
        // Long FFT 8 (5 bins) onto short FFT 4 (3 bins): weights 1/2, 1, 1/2 around bins 0, 2, 4.
        var pooling = new BandPooledMask(5, 3);
        float[] harmonic = [4, 2, 0, 0, 6];
        float[] percussive = [0, 2, 8, 2, 2];
        var mask = new float[3];
        pooling.Compute(harmonic, percussive, 1f, mask);
        Assert.Equal(5f / 6f, mask[0], 6);           // (4 + 1) / (4 + 1 + 0 + 1)
        Assert.Equal(1f / 11f, mask[1], 6);          // (1 + 0 + 0) / (1 + 0 + 0 + 1 + 8 + 1)
        Assert.Equal(6f / 9f, mask[2], 6);           // (0 + 6) / (0 + 6 + 1 + 2)
    }

    [Fact]
    public void Exponent_SharpensThePooledRatio_AndZeroSplitsInHalf()
    {
        var pooling = new BandPooledMask(3, 3);
        float[] harmonic = [3, 3, 0];
        float[] percussive = [1, 1, 0];
        var mask = new float[3];
        pooling.Compute(harmonic, percussive, 2f, mask);
        Assert.Equal(0.9f, mask[0], 6);              // 9 / (9 + 1)
        Assert.Equal(0.5f, mask[2]);                 // silence
        pooling.Compute(harmonic, percussive, 0f, mask);
        Assert.Equal(0.5f, mask[0]);
    }

    [Fact]
    public void Mask_StaysWithinZeroAndOne_ForRandomPowers()
    {
        var random = new Random(12);
        var pooling = new BandPooledMask(2049, 257);
        var harmonic = new float[2049];
        var percussive = new float[2049];
        for (int i = 0; i < harmonic.Length; i++)
        {
            harmonic[i] = random.NextSingle() * random.NextSingle() * 100;
            percussive[i] = random.NextSingle() * 1e-3f;
        }

        var mask = new float[257];
        pooling.Compute(harmonic, percussive, 1f, mask);
        Assert.All(mask, m => Assert.InRange(m, 0f, 1f));
        Assert.True(mask.Average() > 0.99f);
    }

    [Theory]
    [InlineData(4097, 257)]    // ratio 16: the Instant mode at 44.1 kHz (whole vectors)
    [InlineData(2049, 257)]    // ratio 8
    [InlineData(1025, 257)]    // ratio 4 (scalar path)
    public void Mask_EqualsTheTriangularPoolingFormula_AtEveryRatio(int longBins, int shortBins)
    {
        var random = new Random(longBins);
        var harmonic = new float[longBins];
        var percussive = new float[longBins];
        for (int i = 0; i < longBins; i++)
        {
            harmonic[i] = random.NextSingle() * random.NextSingle();
            percussive[i] = random.NextSingle() * random.NextSingle();
        }

        var mask = new float[shortBins];
        new BandPooledMask(longBins, shortBins).Compute(harmonic, percussive, 1f, mask);
        int ratio = (longBins - 1) / (shortBins - 1);
        for (int g = 0; g < shortBins; g++)
        {
            // m(g) = sum w·s_H / sum w·(s_H + s_P), w = 1 - |f - g·ratio| / ratio over the long bins that exist
            double h = 0, total = 0;
            for (int f = Math.Max(0, (g - 1) * ratio + 1); f <= Math.Min(longBins - 1, (g + 1) * ratio - 1); f++)
            {
                double w = 1 - (Math.Abs(f - (g * ratio)) / (double)ratio);
                h += w * harmonic[f];
                total += w * (harmonic[f] + percussive[f]);
            }

            Assert.Equal(h / total, mask[g], 1e-6);
        }
    }

    [Theory]
    [InlineData(2049, 300)]
    [InlineData(2049, 769)]
    [InlineData(100, 200)]
    public void Constructor_RefusesSizesNotInAPowerOfTwoRatio(int longBins, int shortBins) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandPooledMask(longBins, shortBins));
}
