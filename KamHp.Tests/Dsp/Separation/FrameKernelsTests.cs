using KamHp.Dsp.Separation;
using KamHp.Dsp.Spectral;

namespace KamHp.Tests.Dsp.Separation;

public sealed class FrameKernelsTests
{
    private const int Bins = 67;   // not a multiple of the vector width: exercises the scalar tail

    [Theory]
    [InlineData(1e-20f, 0f)]
    [InlineData(9.9999989e-21f, 0f)]
    [InlineData(1.00000008e-20f, 0f)]
    [InlineData(5e-21f, 5e-21f)]
    [InlineData(0f, 0f)]
    [InlineData(3f, 1f)]
    public void Mask_MatchesTheOfflineScalarRule_AtTheFloor(float harmonic, float percussive)
    {
        float[] sH = Enumerable.Repeat(harmonic, 19).ToArray();
        float[] sP = Enumerable.Repeat(percussive, 19).ToArray();
        var mask = new float[19];
        FrameKernels.WienerMask(sH, sP, mask);
        float sum = harmonic + percussive;
        float expected = sum > NumericalGuards.PowerFloor ? harmonic / sum : 0.5f;
        Assert.All(mask, m => Assert.Equal(expected, m));
    }

    [Fact]
    public void SharpenedWeights_AtSharpnessOne_AreTheWienerPowersRatio()
    {
        var random = new Random(3);
        float[] sH = Powers(random), sP = Powers(random);
        var wH = new float[Bins];
        var wP = new float[Bins];
        FrameKernels.SharpenedWeights(sH, sP, 1f, wH, wP);
        for (int f = 0; f < Bins; f++)
        {
            Assert.Equal(sH[f] / (sH[f] + sP[f]), wH[f], 1e-5f);
            Assert.Equal(sP[f] / (sH[f] + sP[f]), wP[f], 1e-5f);
        }
    }

    [Fact]
    public void SharpenedWeights_SharpenTowardsBinary_AndSplitEvenlyAtZero()
    {
        float[] sH = [4f, 1f, 0f, 2f, 0f];
        float[] sP = [1f, 4f, 2f, 0f, 0f];
        var wH = new float[5];
        var wP = new float[5];
        FrameKernels.SharpenedWeights(sH, sP, 4f, wH, wP);
        Assert.Equal(256f / 257f, wH[0], 1e-6f);
        Assert.Equal(1f / 257f, wH[1], 1e-6f);
        Assert.Equal(0f, wH[2], 1e-20f);
        Assert.Equal(1f, wP[2]);
        Assert.Equal(1f, wH[3]);
        Assert.Equal(0f, wP[3]);
        Assert.Equal(0f, wH[4]);   // silent: both zero, so the Wiener filter splits half and half
        Assert.Equal(0f, wP[4]);

        FrameKernels.SharpenedWeights(sH, sP, 0f, wH, wP);
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f, 0f], wH);
    }

    [Fact]
    public void WienerMask_MatchesScalarReference_ForEveryLengthUpTo64()
    {
        var random = new Random(21);
        for (int length = 0; length <= 64; length++)
        {
            float[] sH = Powers(random, length), sP = Powers(random, length);
            if (length > 2)
            {
                sH[1] = 0;
                sP[1] = 0;
                sH[length - 1] = 4e-21f;
                sP[length - 1] = 4e-21f;
            }

            var mask = new float[length];
            FrameKernels.WienerMask(sH, sP, mask);
            for (int f = 0; f < length; f++)
            {
                float sum = sH[f] + sP[f];
                Assert.Equal(sum > NumericalGuards.PowerFloor ? sH[f] / sum : 0.5f, mask[f]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MaskedWienerAndPowers_MatchScalarReference_ForEveryLengthUpTo64(int channels)
    {
        var random = new Random(22 + channels);
        for (int length = 0; length <= 64; length++)
        {
            float[] sH = Powers(random, length), sP = Powers(random, length);
            float[][] x = Spectrum(random, 2 * channels, length);
            float[][] h = Spectrum(random, 2 * channels, length);
            var mask = new float[length];
            var zH = new float[length];
            var zP = new float[length];
            var scratch = new float[length];
            float scale = 1f / channels;
            FrameKernels.MaskedWiener(sH, sP, Frame(x), mask, Frame(h));
            FrameKernels.MeanPower(Frame(h), scale, zH);
            FrameKernels.MeanResidualPower(Frame(x), Frame(h), scale, scratch, zP);
            for (int f = 0; f < length; f++)
            {
                float sum = sH[f] + sP[f];
                float m = sum > NumericalGuards.PowerFloor ? sH[f] / sum : 0.5f;
                float powerH = 0, powerP = 0;
                for (int part = 0; part < 2 * channels; part++)
                {
                    float hv = x[part][f] * m;
                    Assert.Equal(hv, h[part][f]);
                    powerH = (hv * hv) + powerH;
                    float pv = x[part][f] - hv;
                    powerP = (pv * pv) + powerP;
                }

                Assert.Equal(powerH * scale, zH[f]);
                Assert.Equal(powerP * scale, zP[f]);
            }
        }
    }

    [Fact]
    public void Kernels_ThrowForAShortSpan_InsteadOfReadingOrWritingPastIt()
    {
        float[] full = new float[33], shorter = new float[32];
        float[][] x = [new float[33], new float[33], new float[33], new float[33]];
        Assert.Throws<ArgumentException>(() => FrameKernels.WienerMask(full, shorter, full));
        Assert.Throws<ArgumentException>(() => FrameKernels.WienerMask(full, full, shorter));
        Assert.Throws<ArgumentException>(() => FrameKernels.SharpenedWeights(full, full, 2f, full, shorter));
        Assert.Throws<ArgumentException>(() => FrameKernels.MeanPower(Frame(x), 1f, shorter));
        Assert.Throws<ArgumentException>(() => FrameKernels.MeanResidualPower(Frame(x), Frame(x), 1f, shorter, full));
        Assert.Throws<ArgumentException>(() => FrameKernels.MaskedWiener(full, full, Frame(x), shorter, Frame(x)));
        Assert.Throws<ArgumentException>(() => FrameKernels.MaskedWiener(full, full, Frame(x), full, new ComplexFrame(x[0], x[1])));
        Assert.Throws<ArgumentException>(() => new ComplexFrame(full, shorter));
    }

    private static ComplexFrame Frame(float[][] parts) => parts.Length == 4
        ? new ComplexFrame(parts[0], parts[1], parts[2], parts[3])
        : new ComplexFrame(parts[0], parts[1]);

    private static float[][] Spectrum(Random random, int parts, int length) =>
        Enumerable.Range(0, parts).Select(_ => Enumerable.Range(0, length).Select(_ => (random.NextSingle() * 2) - 1).ToArray()).ToArray();

    private static float[] Powers(Random random, int length = Bins) => Enumerable.Range(0, length).Select(_ => random.NextSingle() * 10).ToArray();
}
