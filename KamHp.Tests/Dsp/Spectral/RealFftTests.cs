using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using KamHp.Dsp.Spectral;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Spectral;

public sealed class RealFftTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(16384)]
    public void RealFft_VectorisedPaths_GiveTheScalarAlgorithmsResults_BitForBit(int size)
    {
        // The vector code performs the scalar butterflies' and split's operations per value, in the same order, so
        // the results must be identical, not merely close (offline and streaming outputs rely on one transform).
        float[] x = TestSignals.Noise(size, seed: size);
        var fast = new RealFft(size);
        var scalar = new ScalarRealFft(size);
        var re1 = new float[(size / 2) + 1];
        var im1 = new float[(size / 2) + 1];
        var re2 = new float[(size / 2) + 1];
        var im2 = new float[(size / 2) + 1];
        fast.Forward(x, re1, im1);
        scalar.Forward(x, re2, im2);
        Assert.Equal(re2, re1);
        Assert.Equal(im2, im1);

        var y1 = new float[size];
        var y2 = new float[size];
        fast.Inverse(re1, im1, y1);
        scalar.Inverse(re2, im2, y2);
        Assert.Equal(y2, y1);
    }
}

/// <summary>The transform as first written (scalar first stages and split), kept as the reference for the vector paths.</summary>
internal sealed class ScalarRealFft
{
    private readonly int _size;
    private readonly int _half;
    private readonly int[] _bitReverse;
    private readonly float[] _twiddleRe;   // stage tables concatenated: stage with span h at offset h-1
    private readonly float[] _twiddleIm;
    private readonly float[] _splitRe;     // e^{-2 pi i k / N}, k = 0..N/2
    private readonly float[] _splitIm;
    private readonly float[] _re;
    private readonly float[] _im;

    public ScalarRealFft(int size)
    {
        if (!int.IsPow2(size) || size < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two, at least 4.");
        }

        _size = size;
        _half = size / 2;
        int bits = int.Log2(_half);
        _bitReverse = new int[_half];
        for (int i = 0; i < _half; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _bitReverse[i] = r;
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

        _splitRe = new float[_half + 1];
        _splitIm = new float[_half + 1];
        for (int k = 0; k <= _half; k++)
        {
            double angle = -2.0 * Math.PI * k / size;
            _splitRe[k] = (float)Math.Cos(angle);
            _splitIm[k] = (float)Math.Sin(angle);
        }

        _re = new float[_half];
        _im = new float[_half];
    }

    /// <summary>X[k] = sum_n x[n] e^{-2 pi i k n / N}, k = 0..N/2.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        int m = _half;
        for (int n = 0; n < m; n++)
        {
            int r = _bitReverse[n];
            _re[r] = input[2 * n];
            _im[r] = input[(2 * n) + 1];
        }

        Butterflies(inverse: false);

        // Fe[k] = (Z[k] + conj Z[M-k]) / 2, Fo[k] = (Z[k] - conj Z[M-k]) / 2i, X[k] = Fe[k] + W^k Fo[k].
        real[0] = _re[0] + _im[0];
        imag[0] = 0;
        real[m] = _re[0] - _im[0];
        imag[m] = 0;
        for (int k = 1; k < m; k++)
        {
            float zr = _re[k], zi = _im[k], cr = _re[m - k], ci = -_im[m - k];
            float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
            float dr = 0.5f * (zr - cr), di = 0.5f * (zi - ci);
            float or = di, oi = -dr;    // (d) / i
            float wr = _splitRe[k], wi = _splitIm[k];
            real[k] = er + ((wr * or) - (wi * oi));
            imag[k] = ei + ((wr * oi) + (wi * or));
        }
    }

    /// <summary>Inverse of <see cref="Forward"/>, normalised by 1/N; imaginary parts of bins 0 and N/2 are ignored.</summary>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        int m = _half;

        // Fe[k] = (X[k] + conj X[M-k]) / 2, Fo[k] = (X[k] - conj X[M-k]) W^-k / 2, Z[k] = Fe[k] + i Fo[k].
        for (int k = 0; k < m; k++)
        {
            float xr = real[k], xi = k == 0 ? 0 : imag[k];
            float cr = real[m - k], ci = m - k == m ? 0 : -imag[m - k];
            float er = 0.5f * (xr + cr), ei = 0.5f * (xi + ci);
            float dr = 0.5f * (xr - cr), di = 0.5f * (xi - ci);
            float wr = _splitRe[k], wi = -_splitIm[k];
            float or = (dr * wr) - (di * wi), oi = (dr * wi) + (di * wr);
            int r = _bitReverse[k];
            _re[r] = er - oi;
            _im[r] = ei + or;
        }

        Butterflies(inverse: true);
        float scale = 1f / m;
        for (int n = 0; n < m; n++)
        {
            output[2 * n] = _re[n] * scale;
            output[(2 * n) + 1] = _im[n] * scale;
        }
    }

    private void Butterflies(bool inverse)
    {
        int m = _half;
        float sign = inverse ? -1f : 1f;
        ref float rr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float ri = ref MemoryMarshal.GetArrayDataReference(_im);
        int h = 1;
        if (m >= 8)
        {
            // The first three radix-2 stages fused into one pass of 8-point transforms: their twiddles are the
            // constants 1, -i and the eighth roots, so they need no table and stay in registers.
            for (int start = 0; start < m; start += 8)
            {
                Radix8(ref Unsafe.Add(ref rr, start), ref Unsafe.Add(ref ri, start), sign);
            }

            h = 8;
        }

        int width = Vector256<float>.Count;
        for (; h < m; h <<= 1)
        {
            ref float wr0 = ref _twiddleRe[h - 1];
            ref float wi0 = ref _twiddleIm[h - 1];
            if (false && h >= width)
            {
                var s = Vector256.Create(sign);
                for (int start = 0; start < m; start += 2 * h)
                {
                    for (int j = 0; j < h; j += width)
                    {
                        nuint a = (nuint)(start + j), b = (nuint)(start + j + h);
                        var wr = Vector256.LoadUnsafe(ref wr0, (nuint)j);
                        var wi = Vector256.LoadUnsafe(ref wi0, (nuint)j) * s;
                        var br = Vector256.LoadUnsafe(ref rr, b);
                        var bi = Vector256.LoadUnsafe(ref ri, b);
                        var tr = (br * wr) - (bi * wi);
                        var ti = (br * wi) + (bi * wr);
                        var ar = Vector256.LoadUnsafe(ref rr, a);
                        var ai = Vector256.LoadUnsafe(ref ri, a);
                        (ar + tr).StoreUnsafe(ref rr, a);
                        (ai + ti).StoreUnsafe(ref ri, a);
                        (ar - tr).StoreUnsafe(ref rr, b);
                        (ai - ti).StoreUnsafe(ref ri, b);
                    }
                }
            }
            else
            {
                for (int start = 0; start < m; start += 2 * h)
                {
                    for (int j = 0; j < h; j++)
                    {
                        Butterfly(_re, _im, start + j, start + j + h, Unsafe.Add(ref wr0, j), sign * Unsafe.Add(ref wi0, j));
                    }
                }
            }
        }
    }

    /// <summary>Radix-2 stages 1-3 on 8 consecutive bit-reversed points; <paramref name="sign"/> -1 conjugates the twiddles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Radix8(ref float re, ref float im, float sign)
    {
        const float R = 0.70710678118654752f;
        float r0 = re, r1 = Unsafe.Add(ref re, 1), r2 = Unsafe.Add(ref re, 2), r3 = Unsafe.Add(ref re, 3);
        float r4 = Unsafe.Add(ref re, 4), r5 = Unsafe.Add(ref re, 5), r6 = Unsafe.Add(ref re, 6), r7 = Unsafe.Add(ref re, 7);
        float i0 = im, i1 = Unsafe.Add(ref im, 1), i2 = Unsafe.Add(ref im, 2), i3 = Unsafe.Add(ref im, 3);
        float i4 = Unsafe.Add(ref im, 4), i5 = Unsafe.Add(ref im, 5), i6 = Unsafe.Add(ref im, 6), i7 = Unsafe.Add(ref im, 7);

        // Stage h = 1: twiddle 1.
        (r0, r1) = (r0 + r1, r0 - r1); (i0, i1) = (i0 + i1, i0 - i1);
        (r2, r3) = (r2 + r3, r2 - r3); (i2, i3) = (i2 + i3, i2 - i3);
        (r4, r5) = (r4 + r5, r4 - r5); (i4, i5) = (i4 + i5, i4 - i5);
        (r6, r7) = (r6 + r7, r6 - r7); (i6, i7) = (i6 + i7, i6 - i7);

        // Stage h = 2: twiddles 1 and -i (sign: conjugated for the inverse). t = w * b with w = -i*sign.
        float tr = sign * i3, ti = -sign * r3;
        (r2, i2, r0, i0) = (r0 - r2, i0 - i2, r0 + r2, i0 + i2);
        (r3, i3, r1, i1) = (r1 - tr, i1 - ti, r1 + tr, i1 + ti);
        tr = sign * i7;
        ti = -sign * r7;
        (r6, i6, r4, i4) = (r4 - r6, i4 - i6, r4 + r6, i4 + i6);
        (r7, i7, r5, i5) = (r5 - tr, i5 - ti, r5 + tr, i5 + ti);

        // Stage h = 4: twiddles 1, e^{-i pi/4}, -i, e^{-3i pi/4} (conjugated for the inverse).
        float w1i = -sign * R, w3i = -sign * R;
        float t5r = (r5 * R) - (i5 * w1i), t5i = (r5 * w1i) + (i5 * R);
        float t6r = sign * i6, t6i = -sign * r6;
        float t7r = (r7 * -R) - (i7 * w3i), t7i = (r7 * w3i) + (i7 * -R);

        re = r0 + r4; im = i0 + i4;
        Unsafe.Add(ref re, 4) = r0 - r4; Unsafe.Add(ref im, 4) = i0 - i4;
        Unsafe.Add(ref re, 1) = r1 + t5r; Unsafe.Add(ref im, 1) = i1 + t5i;
        Unsafe.Add(ref re, 5) = r1 - t5r; Unsafe.Add(ref im, 5) = i1 - t5i;
        Unsafe.Add(ref re, 2) = r2 + t6r; Unsafe.Add(ref im, 2) = i2 + t6i;
        Unsafe.Add(ref re, 6) = r2 - t6r; Unsafe.Add(ref im, 6) = i2 - t6i;
        Unsafe.Add(ref re, 3) = r3 + t7r; Unsafe.Add(ref im, 3) = i3 + t7i;
        Unsafe.Add(ref re, 7) = r3 - t7r; Unsafe.Add(ref im, 7) = i3 - t7i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(Span<float> re, Span<float> im, int a, int b, float wr, float wi)
    {
        float tr = (re[b] * wr) - (im[b] * wi);
        float ti = (re[b] * wi) + (im[b] * wr);
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
    }
}
