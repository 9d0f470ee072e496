using KamHp.Dsp.Spectral;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Spectral;

public sealed class RealFftTests
{
    /// <summary>Every size 4..16384 on each path: scalar (0), SSE (128), AVX2 with FMA (256); each falls back where absent.</summary>
    public static TheoryData<int, int> SizesAndPaths()
    {
        var data = new TheoryData<int, int>();
        for (int size = 4; size <= 16384; size *= 2)
        {
            data.Add(size, 0);
            data.Add(size, 128);
            data.Add(size, 256);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SizesAndPaths))]
    public void RealFft_Forward_MatchesADoublePrecisionFft_BelowMinus135Db(int size, int maxVectorBits)
    {
        // Error energy relative to the spectrum's energy. Float FFTs with double-precision twiddles measure -137 to
        // -148 dB here (about -137.7 dB at 16384 on the vector path, -136.7 on the scalar one); twiddles rounded
        // through float arithmetic or a lost bit of precision in a pass would fall well short.
        float[] x = TestSignals.Noise(size, seed: size);
        var fft = new RealFft(size, maxVectorBits);
        var re = new float[(size / 2) + 1];
        var im = new float[(size / 2) + 1];
        fft.Forward(x, re, im);

        var (refRe, refIm) = ReferenceFft.Forward(x);
        double error = 0, power = 0;
        for (int k = 0; k <= size / 2; k++)
        {
            error += Square(re[k] - refRe[k]) + Square(im[k] - refIm[k]);
            power += Square(refRe[k]) + Square(refIm[k]);
        }

        double errorDb = 10 * Math.Log10(error / power);
        Assert.True(errorDb < -135, $"forward error {errorDb:F1} dB");
    }

    [Theory]
    [MemberData(nameof(SizesAndPaths))]
    public void RealFft_InverseOfForward_ReturnsTheInput_BelowMinus132Db(int size, int maxVectorBits)
    {
        // Forward then inverse: -133.6 to -146 dB measured (worst at 16384); a round trip in float cannot do much
        // better than twice the forward error.
        float[] x = TestSignals.Noise(size, seed: size + 1);
        var fft = new RealFft(size, maxVectorBits);
        var re = new float[(size / 2) + 1];
        var im = new float[(size / 2) + 1];
        var y = new float[size];
        fft.Forward(x, re, im);
        fft.Inverse(re, im, y);

        double error = 0, power = 0;
        for (int i = 0; i < size; i++)
        {
            error += Square(y[i] - (double)x[i]);
            power += Square(x[i]);
        }

        double errorDb = 10 * Math.Log10(error / power);
        Assert.True(errorDb < -132, $"round-trip error {errorDb:F1} dB");
    }

    [Theory]
    [MemberData(nameof(SizesAndPaths))]
    public void RealFft_Inverse_MatchesADoublePrecisionInverse_IgnoringTheImaginaryPartsOfDcAndNyquist(int size, int maxVectorBits)
    {
        // A random spectrum (not the transform of a float signal) with NaN in the imaginary parts the transform must
        // ignore; compared with the double-precision inverse of the Hermitian spectrum (those parts taken as 0).
        int m = size / 2;
        float[] re = TestSignals.Noise(m + 1, seed: 3 * size);
        float[] im = TestSignals.Noise(m + 1, seed: (3 * size) + 1);
        im[0] = float.NaN;
        im[m] = float.NaN;
        var fft = new RealFft(size, maxVectorBits);
        var y = new float[size];
        fft.Inverse(re, im, y);

        double[] expected = ReferenceFft.Inverse(re, im);
        double error = 0, power = 0;
        for (int i = 0; i < size; i++)
        {
            error += Square(y[i] - expected[i]);
            power += Square(expected[i]);
        }

        double errorDb = 10 * Math.Log10(error / power);
        Assert.True(errorDb < -135, $"inverse error {errorDb:F1} dB");
    }

    [Theory]
    [InlineData(128, 256)]
    [InlineData(4096, 256)]
    [InlineData(16384, 256)]
    [InlineData(128, 128)]
    [InlineData(2048, 128)]
    [InlineData(8192, 128)]
    public void RealFft_VectorPaths_AgreeWithTheScalarPath_WithinFloatRounding(int size, int maxVectorBits)
    {
        // The paths round differently (FMA, radix-4 against radix-2), so they agree to rounding, not bit for bit:
        // the difference is bounded relative to the spectrum's largest bin.
        float[] x = TestSignals.Noise(size, seed: size + 5);
        var vector = new RealFft(size, maxVectorBits);
        var scalar = new RealFft(size, maxVectorBits: 0);
        var re1 = new float[(size / 2) + 1];
        var im1 = new float[(size / 2) + 1];
        var re2 = new float[(size / 2) + 1];
        var im2 = new float[(size / 2) + 1];
        vector.Forward(x, re1, im1);
        scalar.Forward(x, re2, im2);
        double largest = 0, difference = 0;
        for (int k = 0; k < re1.Length; k++)
        {
            largest = Math.Max(largest, Math.Max(Math.Abs(re2[k]), Math.Abs(im2[k])));
            difference = Math.Max(difference, Math.Max(Math.Abs(re1[k] - re2[k]), Math.Abs(im1[k] - im2[k])));
        }

        Assert.True(difference < 1e-5 * largest, $"forward difference {difference:E2} of {largest:E2}");

        var y1 = new float[size];
        var y2 = new float[size];
        vector.Inverse(re1, im1, y1);
        scalar.Inverse(re1, im1, y2);
        Assert.True(TestSignals.RelativeMaxError(y2, y1) < 1e-5, "inverse paths differ");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(256)]
    public void RealFft_ForwardAndInverse_AllocateNothing_AfterConstruction(int maxVectorBits)
    {
        const int size = 4096;
        float[] x = TestSignals.Noise(size, seed: 11);
        var fft = new RealFft(size, maxVectorBits);
        var re = new float[(size / 2) + 1];
        var im = new float[(size / 2) + 1];
        var y = new float[size];
        fft.Forward(x, re, im);
        fft.Inverse(re, im, y);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            fft.Forward(x, re, im);
            fft.Inverse(re, im, y);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Square(double value) => value * value;
}
