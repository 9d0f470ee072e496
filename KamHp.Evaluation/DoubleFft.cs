using System.Diagnostics;
using System.Numerics;

namespace KamHp.Evaluation;

/// <summary>
/// Double-precision radix-2 complex FFT on split real/imaginary arrays, plus the two-real-signals-in-one-complex-FFT
/// packing used by the BSS Eval correlations. Evaluation runs on whole 20 s signals (2^20 points), where the
/// metrics need double precision (the Gram matrix is ill-conditioned for band-limited audio), so the float NWaves
/// FFT used by the separator does not fit here.
/// </summary>
internal sealed class DoubleFft
{
    private readonly int _size;
    private readonly int[] _bitReverse;
    private readonly double[] _cos;
    private readonly double[] _sin;

    public DoubleFft(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        if (!BitOperations.IsPow2(size))
        {
            throw new ArgumentException($"FFT size must be a power of two, got {size}.", nameof(size));
        }

        _size = size;
        int bits = BitOperations.Log2((uint)size);
        _bitReverse = new int[size];
        for (int i = 0; i < size; i++)
        {
            _bitReverse[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
        }

        _cos = new double[size / 2];
        _sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            double angle = 2.0 * Math.PI * k / size;
            _cos[k] = Math.Cos(angle);
            _sin[k] = Math.Sin(angle);
        }
    }

    public int Size => _size;

    /// <summary>Bins of a half spectrum of a real signal (0..Size/2).</summary>
    public int HalfSize => (_size / 2) + 1;

    /// <summary>In-place forward transform X[k] = sum_t x[t] exp(-2 pi i k t / N).</summary>
    public void Forward(Span<double> re, Span<double> im)
    {
        Debug.Assert(re.Length == _size && im.Length == _size);
        for (int i = 0; i < _size; i++)
        {
            int j = _bitReverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        // Length-2 butterflies need no twiddle.
        for (int a = 0; a < _size; a += 2)
        {
            double tr = re[a + 1];
            double ti = im[a + 1];
            re[a + 1] = re[a] - tr;
            im[a + 1] = im[a] - ti;
            re[a] += tr;
            im[a] += ti;
        }

        for (int length = 4; length <= _size; length <<= 1)
        {
            int half = length >> 1;
            int step = _size / length;
            for (int start = 0; start < _size; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    double wr = _cos[k * step];
                    double wi = -_sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double tr = (wr * re[b]) - (wi * im[b]);
                    double ti = (wr * im[b]) + (wi * re[b]);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    /// <summary>In-place inverse transform with 1/N scaling (forward transform on swapped parts).</summary>
    public void Inverse(Span<double> re, Span<double> im)
    {
        Forward(im, re);
        double scale = 1.0 / _size;
        for (int i = 0; i < _size; i++)
        {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    /// <summary>
    /// Half spectra (bins 0..N/2) of two real signals, zero-padded to N, from one complex FFT.
    /// Scratch arrays must have length N; half-spectrum arrays length N/2+1.
    /// </summary>
    public void ForwardRealPair(
        ReadOnlySpan<float> first,
        ReadOnlySpan<float> second,
        Span<double> scratchRe,
        Span<double> scratchIm,
        Span<double> firstRe,
        Span<double> firstIm,
        Span<double> secondRe,
        Span<double> secondIm)
    {
        Debug.Assert(first.Length <= _size && second.Length <= _size);
        scratchRe.Clear();
        scratchIm.Clear();
        for (int t = 0; t < first.Length; t++)
        {
            scratchRe[t] = first[t];
        }

        for (int t = 0; t < second.Length; t++)
        {
            scratchIm[t] = second[t];
        }

        Forward(scratchRe, scratchIm);
        for (int k = 0; k < HalfSize; k++)
        {
            int m = (_size - k) & (_size - 1);
            double zr = scratchRe[k];
            double zi = scratchIm[k];
            double mr = scratchRe[m];
            double mi = scratchIm[m];
            firstRe[k] = 0.5 * (zr + mr);
            firstIm[k] = 0.5 * (zi - mi);
            secondRe[k] = 0.5 * (zi + mi);
            secondIm[k] = 0.5 * (mr - zr);
        }
    }

    /// <summary>
    /// Inverse transforms of two conjugate-symmetric spectra given by their half spectra, whose results are real,
    /// from one complex inverse FFT: on return <paramref name="scratchRe"/> holds the first signal and
    /// <paramref name="scratchIm"/> the second (length N).
    /// </summary>
    public void InverseRealPair(
        ReadOnlySpan<double> firstRe,
        ReadOnlySpan<double> firstIm,
        ReadOnlySpan<double> secondRe,
        ReadOnlySpan<double> secondIm,
        Span<double> scratchRe,
        Span<double> scratchIm)
    {
        int half = _size / 2;
        for (int k = 0; k <= half; k++)
        {
            double p = firstRe[k];
            double q = firstIm[k];
            double r = secondRe[k];
            double s = secondIm[k];
            scratchRe[k] = p - s;
            scratchIm[k] = q + r;
            if (k > 0 && k < half)
            {
                scratchRe[_size - k] = p + s;
                scratchIm[_size - k] = r - q;
            }
        }

        Inverse(scratchRe, scratchIm);
    }

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
