using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Spectral;

public sealed class ReferenceFftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(512)]
    public void ReferenceFft_Forward_EqualsTheDirectDft_To1e12(int size)
    {
        // The reference the RealFft tests measure against must itself be right: against the direct sum, in double,
        // an error of order 1e-13 relative to the largest bin is all rounding.
        float[] x = TestSignals.Noise(size, seed: size + 9);
        var (re, im) = ReferenceFft.Forward(x);
        var (directRe, directIm) = ReferenceFft.DirectDft(x);
        double largest = 0, difference = 0;
        for (int k = 0; k < re.Length; k++)
        {
            largest = Math.Max(largest, Math.Abs(directRe[k]) + Math.Abs(directIm[k]));
            difference = Math.Max(difference, Math.Abs(re[k] - directRe[k]) + Math.Abs(im[k] - directIm[k]));
        }

        Assert.True(difference < 1e-12 * largest, $"difference {difference:E2} of {largest:E2}");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(256)]
    public void ReferenceFft_InverseOfForward_ReturnsTheInput_ToFloatRounding(int size)
    {
        // The bins pass through float (relative rounding 6e-8 of bins up to about sqrt(N)/2), hence 1e-6.
        float[] x = TestSignals.Noise(size, seed: size + 10);
        var (re, im) = ReferenceFft.Forward(x);
        var real = new float[re.Length];
        var imag = new float[im.Length];
        for (int k = 0; k < re.Length; k++)
        {
            real[k] = (float)re[k];
            imag[k] = (float)im[k];
        }

        double[] y = ReferenceFft.Inverse(real, imag);
        for (int i = 0; i < size; i++)
        {
            Assert.Equal(x[i], y[i], 1e-6);
        }
    }
}
