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

    // Vector and SSE paths only (empty otherwise).
    private readonly int[] _blockStart;       // 8 * reverse(8q) for q = 0..M/64-1: first bit-reversed block of group q
    private readonly int[] _storeForward;     // offset of the block of lane t (forward loads permute the lanes)
    private readonly int[] _storeInverse;
    private readonly float[] _radix4Twiddles; // per radix-4 pass, per 8 j's: W^2 re, im, W re, im, W^3 re, im
    private readonly float[] _scratchRe;      // the inverse's conj(Z) / M in natural order
    private readonly float[] _scratchIm;
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

    /// <summary>The tables of the first and later passes for groups of <paramref name="lanes"/> (8: AVX2, 4: SSE) c's.</summary>
    private static (int[] BlockStart, int[] StoreForward, int[] StoreInverse, float[] Twiddles, bool Odd) BuildVectorTables(int m, int lanes)
    {
        int bits = int.Log2(m), laneBits = int.Log2(lanes);
        var blockStart = new int[m / (8 * lanes)];
        for (int q = 0; q < blockStart.Length; q++)
        {
            blockStart[q] = 8 * ReverseBits(lanes * q, bits - 3);
        }

        // Lane t of a group holds c = lanes·q + lane(t); its 8-point DFT goes to block
        // reverse(c) = reverse(lanes·q) + reverse(lane)·M/(8·lanes), i.e. values reverse(lane)·M/lanes further.
        // AVX2's de-interleave (Avx.Shuffle within 128-bit halves) leaves the forward lanes in the order 0, 1, 4, 5, 2, 3, 6, 7.
        int[] forwardLanes = lanes == 8 ? [0, 1, 4, 5, 2, 3, 6, 7] : [0, 1, 2, 3];
        var storeForward = new int[lanes];
        var storeInverse = new int[lanes];
        for (int t = 0; t < lanes; t++)
        {
            storeForward[t] = ReverseBits(forwardLanes[t], laneBits) * (m / lanes);
            storeInverse[t] = ReverseBits(t, laneBits) * (m / lanes);
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
        FirstPassForward(input);
        LaterPasses(ref Unsafe.NullRef<float>());
        ForwardSplit(real, imag);
    }

    private void InverseVector(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        InverseSplit(real, imag);
        FirstPassInverse();
        LaterPasses(ref MemoryMarshal.GetReference(output));
    }

    // Bit reversal and the first three radix-2 stages in one pass. After them, bit-reversed block B (8 values) holds
    // the 8-point DFT of z[c + s·M/8], s = 0..7, with c = reverse(B) (M/8-point reversal). So for eight consecutive c
    // the pass loads eight vectors (one per s: contiguous in natural order), does the 8-point DFTs across lanes,
    // transposes and stores each lane's DFT to its block.

    /// <summary>The first pass of the forward transform, reading z[n] = x[2n] + i x[2n+1] from the interleaved samples.</summary>
    private void FirstPassForward(ReadOnlySpan<float> input)
    {
        int m = _half;
        nuint p2 = (nuint)(m / 4);
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref int blocks = ref MemoryMarshal.GetArrayDataReference(_blockStart);
        ref int store = ref MemoryMarshal.GetArrayDataReference(_storeForward);
        for (int q = 0; q < m / 64; q++)
        {
            // Two loads and two shuffles de-interleave eight sample pairs, lanes in the order (0, 1, 4, 5, 2, 3, 6, 7).
            ref float x = ref Unsafe.Add(ref MemoryMarshal.GetReference(input), 16 * q);
            Vector256<float> a0 = Vector256.LoadUnsafe(ref x), b0 = Vector256.LoadUnsafe(ref x, 8);
            Vector256<float> a1 = Vector256.LoadUnsafe(ref x, p2), b1 = Vector256.LoadUnsafe(ref x, p2 + 8);
            Vector256<float> a2 = Vector256.LoadUnsafe(ref x, 2 * p2), b2 = Vector256.LoadUnsafe(ref x, (2 * p2) + 8);
            Vector256<float> a3 = Vector256.LoadUnsafe(ref x, 3 * p2), b3 = Vector256.LoadUnsafe(ref x, (3 * p2) + 8);
            Vector256<float> a4 = Vector256.LoadUnsafe(ref x, 4 * p2), b4 = Vector256.LoadUnsafe(ref x, (4 * p2) + 8);
            Vector256<float> a5 = Vector256.LoadUnsafe(ref x, 5 * p2), b5 = Vector256.LoadUnsafe(ref x, (5 * p2) + 8);
            Vector256<float> a6 = Vector256.LoadUnsafe(ref x, 6 * p2), b6 = Vector256.LoadUnsafe(ref x, (6 * p2) + 8);
            Vector256<float> a7 = Vector256.LoadUnsafe(ref x, 7 * p2), b7 = Vector256.LoadUnsafe(ref x, (7 * p2) + 8);
            Radix8Store(
                Avx.Shuffle(a0, b0, 0x88), Avx.Shuffle(a0, b0, 0xDD), Avx.Shuffle(a1, b1, 0x88), Avx.Shuffle(a1, b1, 0xDD),
                Avx.Shuffle(a2, b2, 0x88), Avx.Shuffle(a2, b2, 0xDD), Avx.Shuffle(a3, b3, 0x88), Avx.Shuffle(a3, b3, 0xDD),
                Avx.Shuffle(a4, b4, 0x88), Avx.Shuffle(a4, b4, 0xDD), Avx.Shuffle(a5, b5, 0x88), Avx.Shuffle(a5, b5, 0xDD),
                Avx.Shuffle(a6, b6, 0x88), Avx.Shuffle(a6, b6, 0xDD), Avx.Shuffle(a7, b7, 0x88), Avx.Shuffle(a7, b7, 0xDD),
                ref Unsafe.Add(ref zr, Unsafe.Add(ref blocks, q)),
                ref Unsafe.Add(ref zi, Unsafe.Add(ref blocks, q)),
                ref store);
        }
    }

    /// <summary>The first pass of the inverse transform, reading conj(Z) / M in natural order from the scratch.</summary>
    private void FirstPassInverse()
    {
        int m = _half;
        nuint p = (nuint)(m / 8);
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref int blocks = ref MemoryMarshal.GetArrayDataReference(_blockStart);
        ref int store = ref MemoryMarshal.GetArrayDataReference(_storeInverse);
        for (int q = 0; q < m / 64; q++)
        {
            ref float sr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_scratchRe), 8 * q);
            ref float si = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_scratchIm), 8 * q);
            Radix8Store(
                Vector256.LoadUnsafe(ref sr), Vector256.LoadUnsafe(ref si),
                Vector256.LoadUnsafe(ref sr, p), Vector256.LoadUnsafe(ref si, p),
                Vector256.LoadUnsafe(ref sr, 2 * p), Vector256.LoadUnsafe(ref si, 2 * p),
                Vector256.LoadUnsafe(ref sr, 3 * p), Vector256.LoadUnsafe(ref si, 3 * p),
                Vector256.LoadUnsafe(ref sr, 4 * p), Vector256.LoadUnsafe(ref si, 4 * p),
                Vector256.LoadUnsafe(ref sr, 5 * p), Vector256.LoadUnsafe(ref si, 5 * p),
                Vector256.LoadUnsafe(ref sr, 6 * p), Vector256.LoadUnsafe(ref si, 6 * p),
                Vector256.LoadUnsafe(ref sr, 7 * p), Vector256.LoadUnsafe(ref si, 7 * p),
                ref Unsafe.Add(ref zr, Unsafe.Add(ref blocks, q)),
                ref Unsafe.Add(ref zi, Unsafe.Add(ref blocks, q)),
                ref store);
        }
    }

    /// <summary>
    /// 8-point DFTs across lanes of z0..z7 (Y[f] = E[f] + W8^f O[f], Y[f+4] = E[f] - W8^f O[f] with E, O the 4-point
    /// DFTs of the even and odd inputs), then lane t's eight outputs stored at its block (offset store[t]).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Radix8Store(
        Vector256<float> z0r, Vector256<float> z0i, Vector256<float> z1r, Vector256<float> z1i,
        Vector256<float> z2r, Vector256<float> z2i, Vector256<float> z3r, Vector256<float> z3i,
        Vector256<float> z4r, Vector256<float> z4i, Vector256<float> z5r, Vector256<float> z5i,
        Vector256<float> z6r, Vector256<float> z6i, Vector256<float> z7r, Vector256<float> z7i,
        ref float destinationRe, ref float destinationIm, ref int store)
    {
        // E = DFT4(z0, z2, z4, z6): with u = z0 + z4, v = z0 - z4, w = z2 + z6, t = z2 - z6:
        // E0 = u + w, E2 = u - w, E1 = v - i t, E3 = v + i t. O likewise from z1, z3, z5, z7.
        Vector256<float> ur = z0r + z4r, ui = z0i + z4i, vr = z0r - z4r, vi = z0i - z4i;
        Vector256<float> wr = z2r + z6r, wi = z2i + z6i, tr = z2r - z6r, ti = z2i - z6i;
        Vector256<float> e0r = ur + wr, e0i = ui + wi, e2r = ur - wr, e2i = ui - wi;
        Vector256<float> e1r = vr + ti, e1i = vi - tr, e3r = vr - ti, e3i = vi + tr;
        ur = z1r + z5r;
        ui = z1i + z5i;
        vr = z1r - z5r;
        vi = z1i - z5i;
        wr = z3r + z7r;
        wi = z3i + z7i;
        tr = z3r - z7r;
        ti = z3i - z7i;
        Vector256<float> o0r = ur + wr, o0i = ui + wi, o2r = ur - wr, o2i = ui - wi;
        Vector256<float> o1r = vr + ti, o1i = vi - tr, o3r = vr - ti, o3i = vi + tr;

        var h = Vector256.Create(Sqrt1Over2);
        Vector256<float> p1r = (o1r + o1i) * h, p1i = (o1i - o1r) * h;       // W8 O1
        Vector256<float> p3r = (o3i - o3r) * h, p3i = -(o3r + o3i) * h;      // W8^3 O3; W8^2 O2 = -i O2 = (o2i, -o2r)
        TransposeStore(e0r + o0r, e1r + p1r, e2r + o2i, e3r + p3r, e0r - o0r, e1r - p1r, e2r - o2i, e3r - p3r, ref destinationRe, ref store);
        TransposeStore(e0i + o0i, e1i + p1i, e2i - o2r, e3i + p3i, e0i - o0i, e1i - p1i, e2i + o2r, e3i - p3i, ref destinationIm, ref store);
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

    /// <summary>
    /// The stages with spans 8 .. M/2: one radix-2 pass if their count is odd, then radix-4 passes. Given
    /// <paramref name="samples"/> (the inverse), the last pass writes there instead: the conjugate of its results
    /// (the butterflies transformed conj(Z) / M), real and imaginary parts interleaved.
    /// </summary>
    private void LaterPasses(ref float samples)
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
        for (; 4 * h < m; h *= 4)
        {
            Radix4Pass<InPlace>(ref rr, ref ri, ref table, h, m, ref samples);
            table = ref Unsafe.Add(ref table, 6 * h);
        }

        if (Unsafe.IsNullRef(ref samples))
        {
            Radix4Pass<InPlace>(ref rr, ref ri, ref table, h, m, ref samples);
        }
        else
        {
            Radix4Pass<ToSamples>(ref rr, ref ri, ref table, h, m, ref samples);
        }
    }

    /// <summary>Where a radix-4 pass writes: back in place, or (<see cref="ToSamples"/>) conjugated and interleaved into the samples.</summary>
    private interface IPassOutput;

    private readonly struct InPlace : IPassOutput;

    private readonly struct ToSamples : IPassOutput;

    /// <summary>Stores z[i..i+7] = (re, im) as conjugated interleaved samples y[2i..2i+15].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreConjugateInterleaved(Vector256<float> re, Vector256<float> im, ref float samples, nuint i)
    {
        im = -im;
        Vector256<float> low = Avx.UnpackLow(re, im), high = Avx.UnpackHigh(re, im);
        Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref samples, 2 * i);
        Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref samples, (2 * i) + 8);
    }

    /// <summary>
    /// Radix-2 stages h and 2h as one radix-4 pass: with W = e^{-i pi j / 2h}, t1 = W^2 a1, t2 = W a2, t3 = W^3 a3,
    /// a0 &lt;- (a0 + t1) + (t2 + t3), a2 &lt;- (a0 + t1) - (t2 + t3), a1 &lt;- (a0 - t1) - i (t2 - t3), a3 &lt;- (a0 - t1) + i (t2 - t3).
    /// </summary>
    private static void Radix4Pass<TOutput>(ref float rr, ref float ri, ref float table, int h, int m, ref float samples)
        where TOutput : struct, IPassOutput
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
                if (typeof(TOutput) == typeof(ToSamples))
                {
                    StoreConjugateInterleaved(sr + pr, si + pi, ref samples, i0);
                    StoreConjugateInterleaved(sr - pr, si - pi, ref samples, i2);
                    StoreConjugateInterleaved(dr + qi, di - qr, ref samples, i1);
                    StoreConjugateInterleaved(dr - qi, di + qr, ref samples, i3);
                    w = ref Unsafe.Add(ref w, 48);
                    continue;
                }

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

    /// <summary>
    /// X[k] = E + T and X[M-k] = conj(E - T) with E = (Z[k] + conj Z[M-k]) / 2, T = W^k (Z[k] - conj Z[M-k]) / 2i
    /// (W^(M-k) = -conj W^k): bins k..k+7 and their mirrors M-k-7..M-k from one pair of loads, k = 1 .. M/2-7 (bin M/2
    /// is written by both halves; the split table holds W^k / 2).
    /// </summary>
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
        for (int k = 1; k <= (m / 2) - 7; k += 8)
        {
            nuint mirror = (nuint)(m - k - 7);
            var vzr = Vector256.LoadUnsafe(ref zr, (nuint)k);
            var vzi = Vector256.LoadUnsafe(ref zi, (nuint)k);
            var cr = Reverse(Vector256.LoadUnsafe(ref zr, mirror));
            var cim = Reverse(Vector256.LoadUnsafe(ref zi, mirror));   // -Im conj Z[M-k]
            var wr = Vector256.LoadUnsafe(ref wRe, (nuint)k);
            var wi = Vector256.LoadUnsafe(ref wIm, (nuint)k);
            var er = (vzr + cr) * half;
            var ei = (vzi - cim) * half;
            var dr = vzr - cr;
            var di = vzi + cim;
            var tr = Fma.MultiplyAdd(wr, di, wi * dr);
            var ti = Fma.MultiplySubtract(wi, di, wr * dr);
            (er + tr).StoreUnsafe(ref outRe, (nuint)k);
            (ei + ti).StoreUnsafe(ref outIm, (nuint)k);
            Reverse(er - tr).StoreUnsafe(ref outRe, mirror);
            Reverse(ti - ei).StoreUnsafe(ref outIm, mirror);
        }

        real[0] = z0r + z0i;
        imag[0] = 0;
        real[m] = z0r - z0i;
        imag[m] = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reverse(Vector256<float> v) => Avx2.PermuteVar8x32(v, Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0));

    /// <summary>
    /// The inverse real split into the scratch: conj(Z[k]) / M with Z[k] = Fe + i Fo, Fe = (X[k] + conj X[M-k]) / 2,
    /// Fo = (X[k] - conj X[M-k]) W^-k / 2; then conj(Z[M-k]) / M = (Fe - i Fo) / M. Bins k..k+7 and their mirrors
    /// from one pair of loads, k = 1 .. M/2-7, as in <see cref="ForwardSplit"/>; bin 0 on its own.
    /// </summary>
    private void InverseSplit(ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        int m = _half;
        ref float xr0 = ref MemoryMarshal.GetReference(real);
        ref float xi0 = ref MemoryMarshal.GetReference(imag);
        ref float wr0 = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref float wi0 = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        ref float sr0 = ref MemoryMarshal.GetArrayDataReference(_scratchRe);
        ref float si0 = ref MemoryMarshal.GetArrayDataReference(_scratchIm);
        float scale = 1f / m;
        var g = Vector256.Create(0.5f * scale);
        var s = Vector256.Create(scale);
        for (int k = 1; k <= (m / 2) - 7; k += 8)
        {
            nuint mirror = (nuint)(m - k - 7);
            var xr = Vector256.LoadUnsafe(ref xr0, (nuint)k);
            var xi = Vector256.LoadUnsafe(ref xi0, (nuint)k);
            var cr = Reverse(Vector256.LoadUnsafe(ref xr0, mirror));
            var cim = Reverse(Vector256.LoadUnsafe(ref xi0, mirror));  // -Im conj X[M-k]
            var wr = Vector256.LoadUnsafe(ref wr0, (nuint)k) * s;
            var wi = Vector256.LoadUnsafe(ref wi0, (nuint)k) * s;
            var dr = xr - cr;
            var di = xi + cim;
            var er = (xr + cr) * g;
            var ei = (xi - cim) * g;
            var fr = Fma.MultiplyAdd(dr, wr, di * wi);
            var fi = Fma.MultiplySubtract(di, wr, dr * wi);
            (er - fi).StoreUnsafe(ref sr0, (nuint)k);
            (-(ei + fr)).StoreUnsafe(ref si0, (nuint)k);
            Reverse(er + fi).StoreUnsafe(ref sr0, mirror);
            Reverse(ei - fr).StoreUnsafe(ref si0, mirror);
        }

        // Bin 0 ignores the imaginary parts of bins 0 and N/2: conj Z[0] / M = (X0 + XM, X0 - XM) / (2M).
        float x0 = real[0], xm = real[m];
        sr0 = 0.5f * scale * (x0 + xm);
        si0 = -(0.5f * scale * (x0 - xm));
    }
}
