namespace KamHp.Tests.Dsp.Spectral;

/// <summary>
/// Double-precision reference transforms for the <c>RealFft</c> tests: a textbook iterative radix-2 complex FFT with
/// each twiddle from Math.Cos/Math.Sin (errors near 1e-16, far below float's), itself checked against the direct
/// DFT sum in <see cref="ReferenceFftTests"/>.
/// </summary>
internal static class ReferenceFft
{
    /// <summary>Bins 0..N/2 of X[k] = sum_n x[n] e^{-2 pi i k n / N}.</summary>
    public static (double[] Re, double[] Im) Forward(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        var re = new double[n];
        var im = new double[n];
        for (int i = 0; i < n; i++)
        {
            re[i] = x[i];
        }

        Transform(re, im, sign: -1);
        return (re[..((n / 2) + 1)], im[..((n / 2) + 1)]);
    }

    /// <summary>x[n] = (1/N) sum_k X[k] e^{2 pi i k n / N} of the Hermitian spectrum with bins 0..N/2 given; Im X[0] = Im X[N/2] = 0.</summary>
    public static double[] Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        int half = real.Length - 1, n = 2 * half;
        var re = new double[n];
        var im = new double[n];
        for (int k = 0; k <= half; k++)
        {
            re[k] = real[k];
            im[k] = k == 0 || k == half ? 0 : imag[k];
            if (k > 0 && k < half)
            {
                re[n - k] = real[k];
                im[n - k] = -imag[k];
            }
        }

        Transform(re, im, sign: 1);
        for (int i = 0; i < n; i++)
        {
            re[i] /= n;
        }

        return re;
    }

    /// <summary>The direct O(N^2) sum, for checking <see cref="Forward"/> on small sizes.</summary>
    public static (double[] Re, double[] Im) DirectDft(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        var re = new double[(n / 2) + 1];
        var im = new double[(n / 2) + 1];
        for (int k = 0; k <= n / 2; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double angle = -2 * Math.PI * ((long)k * i % n) / n;
                re[k] += x[i] * Math.Cos(angle);
                im[k] += x[i] * Math.Sin(angle);
            }
        }

        return (re, im);
    }

    private static void Transform(double[] re, double[] im, int sign)
    {
        int n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < length / 2; k++)
                {
                    double angle = sign * 2 * Math.PI * k / length;
                    double wr = Math.Cos(angle), wi = Math.Sin(angle);
                    int a = start + k, b = a + (length / 2);
                    double tr = (re[b] * wr) - (im[b] * wi), ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
