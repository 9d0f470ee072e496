using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KamHp.Dsp.Spectral;

/// <summary>
/// Real-input FFT of a power-of-two size N, computed as an M = N/2-point complex FFT of the even/odd samples
/// packed as real/imaginary parts, followed by the standard split into bins 0..N/2. Twiddle factors are computed
/// in double precision and rounded once, which keeps the forward/inverse round trip near float resolution
/// (about -135 dB at N = 16384); NWaves 0.9.6's <c>RealFft</c> measured -107 dB at 4096 and -88 dB at 16384 on the
/// same test, short of the product's -120 dB requirement, hence this transform behind <see cref="FftTransform"/>.
/// <para>
/// The complex FFT is a decimation-in-time FFT on separate real/imaginary arrays. With AVX2 and FMA (and M &gt;= 64)
/// it runs in <c>Vector256</c> passes (<c>RealFft.Vector.cs</c>): the bit-reversal permutation and the first three
/// radix-2 stages form one pass (8-point DFTs across vector lanes, then an 8x8 transpose into bit-reversed blocks;
/// the forward pass de-interleaves the samples as it loads them), the remaining stages are radix-4 passes (two
/// radix-2 stages each, three complex multiplications per four values, twiddles laid out for contiguous loads),
/// plus one radix-2 pass when their count is odd; the splits take bins k..k+7 and their mirrors M-k together. The
/// inverse is the forward transform of the conjugate (its last pass writes the conjugated, interleaved samples),
/// so there is one set of kernels; its 1/N lies in the split (exact: a power of two). Without AVX2/FMA (x64
/// machines without them, and NativeAOT builds without an instruction-set option, whose x86-64-v2 baseline has no
/// AVX: the VST3 bundle's) the same passes run four lanes wide in SSE without FMA (<c>RealFft.Sse.cs</c>). Without
/// either, or for M &lt; 64, the radix-2 path below computes the same transform (Vector128 where accelerated, e.g.
/// ARM64). Tests compare the paths and each with a double-precision FFT. Rounding differs from the earlier radix-2 transform (FMA, radix-4), accuracy is slightly
/// better: forward error -138.4 dB at N = 4096 against -137.2.
/// </para>
/// No allocation after construction; not thread-safe (one instance per thread).
/// </summary>
internal sealed partial class RealFft
{
    private readonly int _size;
    private readonly int _half;
    private readonly bool _vectorised;     // AVX2 and FMA: RealFft.Vector.cs
    private readonly bool _sse;            // otherwise SSE: RealFft.Sse.cs
    private readonly float[] _splitRe;     // e^{-2 pi i k / N} / 2, k = 0..N/2
    private readonly float[] _splitIm;
    private readonly float[] _re;
    private readonly float[] _im;

    // Scalar path only (empty otherwise).
    private readonly int[] _bitReverse;
    private readonly float[] _twiddleRe;   // radix-2 stage tables concatenated: stage with span h at offset h-1
    private readonly float[] _twiddleIm;

    /// <summary>Prepares a transform of <paramref name="size"/> points (a power of two, at least 4).</summary>
    public RealFft(int size)
        : this(size, maxVectorBits: 256)
    {
    }

    /// <summary>
    /// As <see cref="RealFft(int)"/>, with the widest vector path allowed: 256 (AVX2 and FMA where supported, else
    /// SSE), 128 (SSE where supported) or 0 (the scalar path). Tests compare the paths.
    /// </summary>
    internal RealFft(int size, int maxVectorBits)
    {
        if (!int.IsPow2(size) || size < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two, at least 4.");
        }

        _size = size;
        _half = size / 2;
        _vectorised = maxVectorBits >= 256 && Avx2.IsSupported && Fma.IsSupported && _half >= MinVectorHalf;
        _sse = !_vectorised && maxVectorBits >= 128 && Sse.IsSupported && Vector128.IsHardwareAccelerated && _half >= MinVectorHalf;

        _splitRe = new float[_half + 1];
        _splitIm = new float[_half + 1];
        for (int k = 0; k <= _half; k++)
        {
            double angle = -2.0 * Math.PI * k / size;
            _splitRe[k] = (float)(0.5 * Math.Cos(angle));
            _splitIm[k] = (float)(0.5 * Math.Sin(angle));
        }

        _re = new float[_half];
        _im = new float[_half];
        if (_vectorised || _sse)
        {
            (_blockStart, _storeForward, _storeInverse, _radix4Twiddles, _oddStageCount) = BuildVectorTables(_half, _vectorised ? 8 : 4);
            _scratchRe = new float[_half];
            _scratchIm = new float[_half];
            _bitReverse = [];
            _twiddleRe = [];
            _twiddleIm = [];
            return;
        }

        (_blockStart, _storeForward, _storeInverse, _radix4Twiddles, _scratchRe, _scratchIm) = ([], [], [], [], [], []);
        int bits = int.Log2(_half);
        _bitReverse = new int[_half];
        for (int i = 0; i < _half; i++)
        {
            _bitReverse[i] = ReverseBits(i, bits);
        }

        _twiddleRe = new float[Math.Max(1, _half)];
        _twiddleIm = new float[Math.Max(1, _half)];
        for (int h = 1; h < _half; h <<= 1)
        {
            for (int j = 0; j < h; j++)
            {
                double angle = -Math.PI * j / h;
                _twiddleRe[h - 1 + j] = (float)Math.Cos(angle);
                _twiddleIm[h - 1 + j] = (float)Math.Sin(angle);
            }
        }
    }

    /// <summary>X[k] = sum_n x[n] e^{-2 pi i k n / N}, k = 0..N/2.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        int m = _half;
        if (input.Length < _size || real.Length <= m || imag.Length <= m)
        {
            throw new ArgumentException("Input must hold N samples and the outputs N/2 + 1 bins.");
        }

        if (_vectorised)
        {
            ForwardVector(input, real, imag);
            return;
        }

        if (_sse)
        {
            ForwardSse(input, real, imag);
            return;
        }

        for (int n = 0; n < m; n++)
        {
            int r = _bitReverse[n];
            _re[r] = input[2 * n];
            _im[r] = input[(2 * n) + 1];
        }

        ButterfliesScalar();

        // Fe[k] = (Z[k] + conj Z[M-k]) / 2, Fo[k] = (Z[k] - conj Z[M-k]) / 2i, X[k] = Fe[k] + W^k Fo[k]
        // (the split table holds W^k / 2).
        real[0] = _re[0] + _im[0];
        imag[0] = 0;
        real[m] = _re[0] - _im[0];
        imag[m] = 0;
        for (int k = 1; k < m; k++)
        {
            float zr = _re[k], zi = _im[k], cr = _re[m - k], ci = -_im[m - k];
            float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
            float dr = zr - cr, di = zi - ci;
            float wr = _splitRe[k], wi = _splitIm[k];
            real[k] = er + ((wr * di) + (wi * dr));
            imag[k] = ei + ((wi * di) - (wr * dr));
        }
    }

    /// <summary>Inverse of <see cref="Forward"/>, normalised by 1/N; imaginary parts of bins 0 and N/2 are ignored.</summary>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        int m = _half;
        if (output.Length < _size || real.Length <= m || imag.Length <= m)
        {
            throw new ArgumentException("Inputs must hold N/2 + 1 bins and the output N samples.");
        }

        if (_vectorised)
        {
            InverseVector(real, imag, output);
            return;
        }

        if (_sse)
        {
            InverseSse(real, imag, output);
            return;
        }

        // Fe[k] = (X[k] + conj X[M-k]) / 2, Fo[k] = (X[k] - conj X[M-k]) W^-k / 2, Z[k] = Fe[k] + i Fo[k]; the
        // butterflies transform conj(Z) / M forwards, whose conjugate is the inverse transform of Z (divided by M).
        float scale = 1f / m;
        for (int k = 0; k < m; k++)
        {
            float xr = real[k], xi = k == 0 ? 0 : imag[k];
            float cr = real[m - k], ci = k == 0 ? 0 : -imag[m - k];
            float sr = xr + cr, si = xi + ci;
            float dr = xr - cr, di = xi - ci;
            float wr = _splitRe[k] * scale, wi = _splitIm[k] * scale;
            int r = _bitReverse[k];
            _re[r] = (0.5f * scale * sr) - ((wr * di) - (wi * dr));
            _im[r] = -((0.5f * scale * si) + ((wr * dr) + (wi * di)));
        }

        ButterfliesScalar();
        for (int n = 0; n < m; n++)
        {
            output[2 * n] = _re[n];
            output[(2 * n) + 1] = -_im[n];
        }
    }

    private static int ReverseBits(int value, int bits)
    {
        int r = 0;
        for (int b = 0; b < bits; b++)
        {
            r |= ((value >> b) & 1) << (bits - 1 - b);
        }

        return r;
    }

    /// <summary>
    /// Forward radix-2 stages on bit-reversed data in <see cref="_re"/>/<see cref="_im"/>; stages with span 4 or more
    /// four butterflies at a time in <see cref="Vector128"/> where accelerated (SSE: the x86-64-v2 baseline of a
    /// NativeAOT build without an instruction-set option, which has no AVX; the same operations per value).
    /// </summary>
    private void ButterfliesScalar()
    {
        int m = _half;
        ref float re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref float twRe = ref MemoryMarshal.GetArrayDataReference(_twiddleRe);
        ref float twIm = ref MemoryMarshal.GetArrayDataReference(_twiddleIm);
        for (int h = 1; h < m; h <<= 1)
        {
            ref float wr0 = ref Unsafe.Add(ref twRe, h - 1);
            ref float wi0 = ref Unsafe.Add(ref twIm, h - 1);
            if (Vector128.IsHardwareAccelerated && h >= 4)
            {
                for (int start = 0; start < m; start += 2 * h)
                {
                    for (int j = 0; j < h; j += 4)
                    {
                        nuint a = (nuint)(start + j), b = a + (nuint)h;
                        var wr = Vector128.LoadUnsafe(ref wr0, (nuint)j);
                        var wi = Vector128.LoadUnsafe(ref wi0, (nuint)j);
                        var br = Vector128.LoadUnsafe(ref re, b);
                        var bi = Vector128.LoadUnsafe(ref im, b);
                        var tr = (br * wr) - (bi * wi);
                        var ti = (br * wi) + (bi * wr);
                        var ar = Vector128.LoadUnsafe(ref re, a);
                        var ai = Vector128.LoadUnsafe(ref im, a);
                        (ar + tr).StoreUnsafe(ref re, a);
                        (ai + ti).StoreUnsafe(ref im, a);
                        (ar - tr).StoreUnsafe(ref re, b);
                        (ai - ti).StoreUnsafe(ref im, b);
                    }
                }

                continue;
            }

            for (int start = 0; start < m; start += 2 * h)
            {
                for (int j = 0; j < h; j++)
                {
                    int a = start + j, b = a + h;
                    float wr = Unsafe.Add(ref wr0, j), wi = Unsafe.Add(ref wi0, j);
                    float br = Unsafe.Add(ref re, b), bi = Unsafe.Add(ref im, b);
                    float tr = (br * wr) - (bi * wi);
                    float ti = (br * wi) + (bi * wr);
                    float ar = Unsafe.Add(ref re, a), ai = Unsafe.Add(ref im, a);
                    Unsafe.Add(ref re, b) = ar - tr;
                    Unsafe.Add(ref im, b) = ai - ti;
                    Unsafe.Add(ref re, a) = ar + tr;
                    Unsafe.Add(ref im, a) = ai + ti;
                }
            }
        }
    }
}
