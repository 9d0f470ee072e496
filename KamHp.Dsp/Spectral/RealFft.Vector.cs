using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KamHp.Dsp.Spectral;

/// <summary>The AVX2/FMA passes of <see cref="RealFft"/> (see there for the structure).</summary>
internal sealed partial class RealFft
{
    /// <summary>Smallest M with a vector path: the first pass needs M/8 &gt;= 8 (whole vectors per 8-point DFT input).</summary>
    private const int MinVectorHalf = 64;

    private const float Sqrt1Over2 = 0.70710678118654752f;

    // Vector path only (empty otherwise).
    private readonly int[] _blockStart;       // 8 * reverse(8q) for q = 0..M/64-1: first bit-reversed block of group q
    private readonly int[] _storeForward;     // offset of the block of lane t (forward loads permute the lanes)
    private readonly int[] _storeInverse;
    private readonly float[] _radix4Twiddles; // per radix-4 pass, per 8 j's: W^2 re, im, W re, im, W^3 re, im
    private readonly bool _oddStageCount;     // stages after the first three: odd, so one radix-2 pass first
    private readonly float[] _radix2Twiddles = Span8Twiddles();   // e^{-i pi j / 8}, j = 0..7: re, then im

    private static float[] Span8Twiddles()
    {
        var table = new float[16];
        for (int j = 0; j < 8; j++)
        {
            table[j] = (float)Math.Cos(-Math.PI * j / 8);
            table[8 + j] = (float)Math.Sin(-Math.PI * j / 8);
        }

        return table;
    }

    private static (int[] BlockStart, int[] StoreForward, int[] StoreInverse, float[] Twiddles, bool Odd) BuildVectorTables(int m)
    {
        int bits = int.Log2(m);
        int p = m / 8;
        var blockStart = new int[m / 64];
        for (int q = 0; q < blockStart.Length; q++)
        {
            blockStart[q] = 8 * ReverseBits(8 * q, bits - 3);
        }

        // Lane t of a group holds c = 8q + lane(t); its 8-point DFT goes to block reverse(c) = reverse(8q) + reverse3(lane)·M/64.
        int[] forwardLanes = [0, 1, 4, 5, 2, 3, 6, 7];    // Avx.Shuffle's de-interleave order
        var storeForward = new int[8];
        var storeInverse = new int[8];
        for (int t = 0; t < 8; t++)
        {
            storeForward[t] = ReverseBits(forwardLanes[t], 3) * p;
            storeInverse[t] = ReverseBits(t, 3) * p;
        }

        bool odd = (bits - 3) % 2 == 1;
        int length = 0;
        for (int h = odd ? 16 : 8; h < m; h *= 4)
        {
            length += 6 * h;
        }

        var twiddles = new float[length];
        int offset = 0;
        for (int h = odd ? 16 : 8; h < m; h *= 4)
        {
            for (int j = 0; j < h; j++)
            {
                int at = offset + (48 * (j / 8)) + (j % 8);
                double angle = -Math.PI * j / (2 * h);
                twiddles[at] = (float)Math.Cos(2 * angle);
                twiddles[at + 8] = (float)Math.Sin(2 * angle);
                twiddles[at + 16] = (float)Math.Cos(angle);
                twiddles[at + 24] = (float)Math.Sin(angle);
                twiddles[at + 32] = (float)Math.Cos(3 * angle);
                twiddles[at + 40] = (float)Math.Sin(3 * angle);
            }

            offset += 6 * h;
        }

        return (blockStart, storeForward, storeInverse, twiddles, odd);
    }

    private void ForwardVector(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        FirstPass(input, default, default, inverse: false);
        LaterPasses();
        ForwardSplit(real, imag);
    }

    private void InverseVector(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        FirstPass(default, real, imag, inverse: true);
        LaterPasses();

        // The butterflies transformed conj(Z) / M: write the conjugate, interleaving real and imaginary parts.
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref float y = ref MemoryMarshal.GetReference(output);
        for (int n = 0; n < _half; n += 8)
        {
            Vector256<float> a = Vector256.LoadUnsafe(ref zr, (nuint)n);
            Vector256<float> b = -Vector256.LoadUnsafe(ref zi, (nuint)n);
            Vector256<float> low = Avx.UnpackLow(a, b), high = Avx.UnpackHigh(a, b);
            Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref y, (nuint)(2 * n));
            Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref y, (nuint)((2 * n) + 8));
        }
    }

    /// <summary>
    /// Bit reversal and the first three radix-2 stages in one pass. After them, bit-reversed block B (8 values) holds the
    /// 8-point DFT of z[c + s·M/8], s = 0..7, with c = reverse(B) (M/8-point reversal). So for eight consecutive c the
    /// pass loads eight vectors (one per s: contiguous in natural order), does the 8-point DFTs across lanes, transposes
    /// and stores each lane's DFT to its block. The forward transform loads z from the interleaved samples; the
    /// inverse forms conj(Z[k]) / M from the bins (the real split) on the fly.
    /// </summary>
    private void FirstPass(ReadOnlySpan<float> input, ReadOnlySpan<float> real, ReadOnlySpan<float> imag, bool inverse)
    {
        int m = _half, p = m / 8;
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref int blocks = ref MemoryMarshal.GetArrayDataReference(_blockStart);
        ref int store = ref MemoryMarshal.GetArrayDataReference(inverse ? _storeInverse : _storeForward);
        var splitter = new InverseSplitter(this, real, imag);
        ref float x = ref MemoryMarshal.GetReference(input);
        for (int q = 0; q < m / 64; q++)
        {
            int c = 8 * q;
            Vector256<float> r0, i0, r1, i1, r2, i2, r3, i3, r4, i4, r5, i5, r6, i6, r7, i7;
            if (inverse)
            {
                (r0, i0) = splitter.Load(c);
                (r1, i1) = splitter.Load(c + p);
                (r2, i2) = splitter.Load(c + (2 * p));
                (r3, i3) = splitter.Load(c + (3 * p));
                (r4, i4) = splitter.Load(c + (4 * p));
                (r5, i5) = splitter.Load(c + (5 * p));
                (r6, i6) = splitter.Load(c + (6 * p));
                (r7, i7) = splitter.Load(c + (7 * p));
                if (c == 0)
                {
                    // Bin 0 ignores the imaginary parts of bins 0 and N/2: conj Z[0] / M = (X0 + XM, X0 - XM) / (2M).
                    float g = 0.5f / m, x0 = real[0], xm = real[m];
                    r0 = r0.WithElement(0, g * (x0 + xm));
                    i0 = i0.WithElement(0, -(g * (x0 - xm)));
                }
            }
            else
            {
                (r0, i0) = Deinterleave(ref x, c);
                (r1, i1) = Deinterleave(ref x, c + p);
                (r2, i2) = Deinterleave(ref x, c + (2 * p));
                (r3, i3) = Deinterleave(ref x, c + (3 * p));
                (r4, i4) = Deinterleave(ref x, c + (4 * p));
                (r5, i5) = Deinterleave(ref x, c + (5 * p));
                (r6, i6) = Deinterleave(ref x, c + (6 * p));
                (r7, i7) = Deinterleave(ref x, c + (7 * p));
            }

            // 8-point DFT across lanes: E = DFT4(z0, z2, z4, z6), O = DFT4(z1, z3, z5, z7), Y[f] = E[f] ± W8^f O[f].
            Dft4(ref r0, ref i0, ref r2, ref i2, ref r4, ref i4, ref r6, ref i6);
            Dft4(ref r1, ref i1, ref r3, ref i3, ref r5, ref i5, ref r7, ref i7);

            // The DFT4 outputs are in order (0, 2, 1, 3) within each half: E0 = r0, E1 = r4, E2 = r2, E3 = r6.
            var h = Vector256.Create(Sqrt1Over2);
            Vector256<float> t1r = (r5 + i5) * h, t1i = (i5 - r5) * h;       // W8 O1
            Vector256<float> t2r = i3, t2i = -r3;                             // W8^2 O2 = -i O2
            Vector256<float> t3r = (i7 - r7) * h, t3i = -(r7 + i7) * h;      // W8^3 O3
            Vector256<float> y0r = r0 + r1, y0i = i0 + i1, y4r = r0 - r1, y4i = i0 - i1;
            Vector256<float> y1r = r4 + t1r, y1i = i4 + t1i, y5r = r4 - t1r, y5i = i4 - t1i;
            Vector256<float> y2r = r2 + t2r, y2i = i2 + t2i, y6r = r2 - t2r, y6i = i2 - t2i;
            Vector256<float> y3r = r6 + t3r, y3i = i6 + t3i, y7r = r6 - t3r, y7i = i6 - t3i;

            ref float dr = ref Unsafe.Add(ref zr, Unsafe.Add(ref blocks, q));
            ref float di = ref Unsafe.Add(ref zi, Unsafe.Add(ref blocks, q));
            TransposeStore(y0r, y1r, y2r, y3r, y4r, y5r, y6r, y7r, ref dr, ref store);
            TransposeStore(y0i, y1i, y2i, y3i, y4i, y5i, y6i, y7i, ref di, ref store);
        }
    }

    /// <summary>
    /// 4-point DFT across lanes, in place in the order (0, 2, 1, 3): a0 &lt;- Y0, a1 &lt;- Y2, a2 &lt;- Y1, a3 &lt;- Y3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dft4(
        ref Vector256<float> a0r, ref Vector256<float> a0i, ref Vector256<float> a1r, ref Vector256<float> a1i,
        ref Vector256<float> a2r, ref Vector256<float> a2i, ref Vector256<float> a3r, ref Vector256<float> a3i)
    {
        Vector256<float> t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
        Vector256<float> t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
        a0r = t0r + t2r;
        a0i = t0i + t2i;
        a1r = t0r - t2r;
        a1i = t0i - t2i;
        a2r = t1r + t3i;    // t1 - i t3
        a2i = t1i - t3r;
        a3r = t1r - t3i;    // t1 + i t3
        a3i = t1i + t3r;
    }

    /// <summary>z[n0..n0+7] from the interleaved samples, lanes in the order (0, 1, 4, 5, 2, 3, 6, 7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Re, Vector256<float> Im) Deinterleave(ref float x, int n0)
    {
        Vector256<float> a = Vector256.LoadUnsafe(ref x, (nuint)(2 * n0));
        Vector256<float> b = Vector256.LoadUnsafe(ref x, (nuint)((2 * n0) + 8));
        return (Avx.Shuffle(a, b, 0x88), Avx.Shuffle(a, b, 0xDD));
    }

    /// <summary>Transposes the 8x8 block (row f = output f of each lane's DFT) and stores lane t's row at its block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeStore(
        Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3,
        Vector256<float> a4, Vector256<float> a5, Vector256<float> a6, Vector256<float> a7,
        ref float destination, ref int store)
    {
        Vector256<float> t0 = Avx.UnpackLow(a0, a1), t1 = Avx.UnpackHigh(a0, a1);
        Vector256<float> t2 = Avx.UnpackLow(a2, a3), t3 = Avx.UnpackHigh(a2, a3);
        Vector256<float> t4 = Avx.UnpackLow(a4, a5), t5 = Avx.UnpackHigh(a4, a5);
        Vector256<float> t6 = Avx.UnpackLow(a6, a7), t7 = Avx.UnpackHigh(a6, a7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination, (nuint)store);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref destination, (nuint)Unsafe.Add(ref store, 1));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref destination, (nuint)Unsafe.Add(ref store, 2));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref destination, (nuint)Unsafe.Add(ref store, 3));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref destination, (nuint)Unsafe.Add(ref store, 4));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref destination, (nuint)Unsafe.Add(ref store, 5));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref destination, (nuint)Unsafe.Add(ref store, 6));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref destination, (nuint)Unsafe.Add(ref store, 7));
    }

    /// <summary>The stages with spans 8 .. M/2: one radix-2 pass if their count is odd, then radix-4 passes.</summary>
    private void LaterPasses()
    {
        int m = _half;
        ref float rr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float ri = ref MemoryMarshal.GetArrayDataReference(_im);
        int h = 8;
        if (_oddStageCount)
        {
            // Span 8: twiddles e^{-i pi j / 8}, j = 0..7, the same for every block.
            var wr = Vector256.Create(_radix2Twiddles.AsSpan(0, 8));
            var wi = Vector256.Create(_radix2Twiddles.AsSpan(8, 8));
            for (nuint a = 0; a < (nuint)m; a += 16)
            {
                var br = Vector256.LoadUnsafe(ref rr, a + 8);
                var bi = Vector256.LoadUnsafe(ref ri, a + 8);
                var tr = Fma.MultiplySubtract(br, wr, bi * wi);
                var ti = Fma.MultiplyAdd(br, wi, bi * wr);
                var ar = Vector256.LoadUnsafe(ref rr, a);
                var ai = Vector256.LoadUnsafe(ref ri, a);
                (ar + tr).StoreUnsafe(ref rr, a);
                (ai + ti).StoreUnsafe(ref ri, a);
                (ar - tr).StoreUnsafe(ref rr, a + 8);
                (ai - ti).StoreUnsafe(ref ri, a + 8);
            }

            h = 16;
        }

        ref float table = ref MemoryMarshal.GetArrayDataReference(_radix4Twiddles);
        for (; h < m; h *= 4)
        {
            Radix4Pass(ref rr, ref ri, ref table, h, m);
            table = ref Unsafe.Add(ref table, 6 * h);
        }
    }

    /// <summary>
    /// Radix-2 stages h and 2h as one radix-4 pass: with W = e^{-i pi j / 2h}, t1 = W^2 a1, t2 = W a2, t3 = W^3 a3,
    /// a0 &lt;- (a0 + t1) + (t2 + t3), a2 &lt;- (a0 + t1) - (t2 + t3), a1 &lt;- (a0 - t1) - i (t2 - t3), a3 &lt;- (a0 - t1) + i (t2 - t3).
    /// </summary>
    private static void Radix4Pass(ref float rr, ref float ri, ref float table, int h, int m)
    {
        nuint span = (nuint)h;
        for (nuint start = 0; start < (nuint)m; start += 4 * span)
        {
            ref float w = ref table;
            for (nuint i0 = start; i0 < start + span; i0 += 8)
            {
                nuint i1 = i0 + span, i2 = i1 + span, i3 = i2 + span;
                var a1r = Vector256.LoadUnsafe(ref rr, i1);
                var a1i = Vector256.LoadUnsafe(ref ri, i1);
                var w2r = Vector256.LoadUnsafe(ref w);
                var w2i = Vector256.LoadUnsafe(ref w, 8);
                var t1r = Fma.MultiplySubtract(a1r, w2r, a1i * w2i);
                var t1i = Fma.MultiplyAdd(a1r, w2i, a1i * w2r);
                var a2r = Vector256.LoadUnsafe(ref rr, i2);
                var a2i = Vector256.LoadUnsafe(ref ri, i2);
                var w1r = Vector256.LoadUnsafe(ref w, 16);
                var w1i = Vector256.LoadUnsafe(ref w, 24);
                var t2r = Fma.MultiplySubtract(a2r, w1r, a2i * w1i);
                var t2i = Fma.MultiplyAdd(a2r, w1i, a2i * w1r);
                var a3r = Vector256.LoadUnsafe(ref rr, i3);
                var a3i = Vector256.LoadUnsafe(ref ri, i3);
                var w3r = Vector256.LoadUnsafe(ref w, 32);
                var w3i = Vector256.LoadUnsafe(ref w, 40);
                var t3r = Fma.MultiplySubtract(a3r, w3r, a3i * w3i);
                var t3i = Fma.MultiplyAdd(a3r, w3i, a3i * w3r);
                var a0r = Vector256.LoadUnsafe(ref rr, i0);
                var a0i = Vector256.LoadUnsafe(ref ri, i0);

                Vector256<float> sr = a0r + t1r, si = a0i + t1i, dr = a0r - t1r, di = a0i - t1i;
                Vector256<float> pr = t2r + t3r, pi = t2i + t3i, qr = t2r - t3r, qi = t2i - t3i;
                (sr + pr).StoreUnsafe(ref rr, i0);
                (si + pi).StoreUnsafe(ref ri, i0);
                (sr - pr).StoreUnsafe(ref rr, i2);
                (si - pi).StoreUnsafe(ref ri, i2);
                (dr + qi).StoreUnsafe(ref rr, i1);     // d - i q
                (di - qr).StoreUnsafe(ref ri, i1);
                (dr - qi).StoreUnsafe(ref rr, i3);     // d + i q
                (di + qr).StoreUnsafe(ref ri, i3);
                w = ref Unsafe.Add(ref w, 48);
            }
        }
    }

    /// <summary>X[k] = (Z[k] + conj Z[M-k]) / 2 + W^k (Z[k] - conj Z[M-k]) / 2i, eight bins at a time (the split table holds W^k / 2).</summary>
    private void ForwardSplit(Span<float> real, Span<float> imag)
    {
        int m = _half;
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref float outRe = ref MemoryMarshal.GetReference(real);
        ref float outIm = ref MemoryMarshal.GetReference(imag);
        ref float wRe = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref float wIm = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        float z0r = zr, z0i = zi;
        var half = Vector256.Create(0.5f);

        // Bins 1..M-1 in vectors of eight; the last vector starts at M-8 and recomputes a few bins identically.
        for (int k = 1; ; k = Math.Min(k + 8, m - 8))
        {
            var vzr = Vector256.LoadUnsafe(ref zr, (nuint)k);
            var vzi = Vector256.LoadUnsafe(ref zi, (nuint)k);
            var cr = Reverse(Vector256.LoadUnsafe(ref zr, (nuint)(m - k - 7)));
            var cim = Reverse(Vector256.LoadUnsafe(ref zi, (nuint)(m - k - 7)));   // -ci
            var wr = Vector256.LoadUnsafe(ref wRe, (nuint)k);
            var wi = Vector256.LoadUnsafe(ref wIm, (nuint)k);
            var er = (vzr + cr) * half;
            var ei = (vzi - cim) * half;
            var dr = vzr - cr;
            var di = vzi + cim;
            Fma.MultiplyAdd(wr, di, Fma.MultiplyAdd(wi, dr, er)).StoreUnsafe(ref outRe, (nuint)k);
            Fma.MultiplyAdd(wi, di, Fma.MultiplyAddNegated(wr, dr, ei)).StoreUnsafe(ref outIm, (nuint)k);
            if (k == m - 8)
            {
                break;
            }
        }

        real[0] = z0r + z0i;
        imag[0] = 0;
        real[m] = z0r - z0i;
        imag[m] = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reverse(Vector256<float> v) => Avx2.PermuteVar8x32(v, Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0));

    /// <summary>Forms conj(Z[k]) / M (the inverse real split, see <see cref="RealFft.Inverse"/>) for eight consecutive k from the bins.</summary>
    private readonly ref struct InverseSplitter
    {
        private readonly ref float _xr;
        private readonly ref float _xi;
        private readonly ref float _wr;
        private readonly ref float _wi;
        private readonly int _m;

        public InverseSplitter(RealFft owner, ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
        {
            _xr = ref MemoryMarshal.GetReference(real);
            _xi = ref MemoryMarshal.GetReference(imag);
            _wr = ref MemoryMarshal.GetArrayDataReference(owner._splitRe);
            _wi = ref MemoryMarshal.GetArrayDataReference(owner._splitIm);
            _m = owner._half;
        }

        /// <summary>Lanes k0..k0+7, 0 &lt;= k0 &lt;= M-8; lane 0 of k0 = 0 reads imag[0] and imag[M] and is replaced by the caller.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector256<float> Re, Vector256<float> Im) Load(int k0)
        {
            float scale = 1f / _m;
            var g = Vector256.Create(0.5f * scale);
            var s = Vector256.Create(scale);
            var xr = Vector256.LoadUnsafe(ref _xr, (nuint)k0);
            var xi = Vector256.LoadUnsafe(ref _xi, (nuint)k0);
            var cr = Reverse(Vector256.LoadUnsafe(ref _xr, (nuint)(_m - k0 - 7)));
            var cim = Reverse(Vector256.LoadUnsafe(ref _xi, (nuint)(_m - k0 - 7)));  // -ci
            var wr = Vector256.LoadUnsafe(ref _wr, (nuint)k0) * s;
            var wi = Vector256.LoadUnsafe(ref _wi, (nuint)k0) * s;
            var sr = xr + cr;
            var si = xi - cim;
            var dr = xr - cr;
            var di = xi + cim;
            var re = Fma.MultiplyAdd(wi, dr, Fma.MultiplyAddNegated(wr, di, g * sr));
            var im = Fma.MultiplyAddNegated(wi, di, Fma.MultiplyAddNegated(wr, dr, -(g * si)));
            return (re, im);
        }
    }
}
