using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KamHp.Dsp.Spectral;

/// <summary>
/// The SSE passes of <see cref="RealFft"/>: the structure of <c>RealFft.Vector.cs</c> four lanes wide and without FMA,
/// for x64 machines or builds without AVX2 (a NativeAOT build without an instruction-set option targets x86-64-v2).
/// The first pass works on groups of four c's (two 4x4 transposes per part), the radix-4 passes read the same
/// twiddle table four lanes at a time.
/// </summary>
internal sealed partial class RealFft
{
    private void ForwardSse(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        int m = _half;
        nuint p2 = (nuint)(m / 4);
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref int blocks = ref MemoryMarshal.GetArrayDataReference(_blockStart);
        ref int store = ref MemoryMarshal.GetArrayDataReference(_storeForward);
        for (int q = 0; q < m / 32; q++)
        {
            // z[c..c+3] for c = 4q + s·M/8 from eight interleaved samples: two loads, two shuffles (lanes in order).
            ref float x = ref Unsafe.Add(ref MemoryMarshal.GetReference(input), 8 * q);
            Vector128<float> a0 = Vector128.LoadUnsafe(ref x), b0 = Vector128.LoadUnsafe(ref x, 4);
            Vector128<float> a1 = Vector128.LoadUnsafe(ref x, p2), b1 = Vector128.LoadUnsafe(ref x, p2 + 4);
            Vector128<float> a2 = Vector128.LoadUnsafe(ref x, 2 * p2), b2 = Vector128.LoadUnsafe(ref x, (2 * p2) + 4);
            Vector128<float> a3 = Vector128.LoadUnsafe(ref x, 3 * p2), b3 = Vector128.LoadUnsafe(ref x, (3 * p2) + 4);
            Vector128<float> a4 = Vector128.LoadUnsafe(ref x, 4 * p2), b4 = Vector128.LoadUnsafe(ref x, (4 * p2) + 4);
            Vector128<float> a5 = Vector128.LoadUnsafe(ref x, 5 * p2), b5 = Vector128.LoadUnsafe(ref x, (5 * p2) + 4);
            Vector128<float> a6 = Vector128.LoadUnsafe(ref x, 6 * p2), b6 = Vector128.LoadUnsafe(ref x, (6 * p2) + 4);
            Vector128<float> a7 = Vector128.LoadUnsafe(ref x, 7 * p2), b7 = Vector128.LoadUnsafe(ref x, (7 * p2) + 4);
            Radix8Store128(
                Sse.Shuffle(a0, b0, 0x88), Sse.Shuffle(a0, b0, 0xDD), Sse.Shuffle(a1, b1, 0x88), Sse.Shuffle(a1, b1, 0xDD),
                Sse.Shuffle(a2, b2, 0x88), Sse.Shuffle(a2, b2, 0xDD), Sse.Shuffle(a3, b3, 0x88), Sse.Shuffle(a3, b3, 0xDD),
                Sse.Shuffle(a4, b4, 0x88), Sse.Shuffle(a4, b4, 0xDD), Sse.Shuffle(a5, b5, 0x88), Sse.Shuffle(a5, b5, 0xDD),
                Sse.Shuffle(a6, b6, 0x88), Sse.Shuffle(a6, b6, 0xDD), Sse.Shuffle(a7, b7, 0x88), Sse.Shuffle(a7, b7, 0xDD),
                ref Unsafe.Add(ref zr, Unsafe.Add(ref blocks, q)),
                ref Unsafe.Add(ref zi, Unsafe.Add(ref blocks, q)),
                ref store);
        }

        LaterPassesSse(ref Unsafe.NullRef<float>());
        SplitForwardSse(real, imag);
    }

    private void InverseSse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        SplitInverseSse(real, imag);
        int m = _half;
        nuint p = (nuint)(m / 8);
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref int blocks = ref MemoryMarshal.GetArrayDataReference(_blockStart);
        ref int store = ref MemoryMarshal.GetArrayDataReference(_storeInverse);
        for (int q = 0; q < m / 32; q++)
        {
            ref float sr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_scratchRe), 4 * q);
            ref float si = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_scratchIm), 4 * q);
            Radix8Store128(
                Vector128.LoadUnsafe(ref sr), Vector128.LoadUnsafe(ref si),
                Vector128.LoadUnsafe(ref sr, p), Vector128.LoadUnsafe(ref si, p),
                Vector128.LoadUnsafe(ref sr, 2 * p), Vector128.LoadUnsafe(ref si, 2 * p),
                Vector128.LoadUnsafe(ref sr, 3 * p), Vector128.LoadUnsafe(ref si, 3 * p),
                Vector128.LoadUnsafe(ref sr, 4 * p), Vector128.LoadUnsafe(ref si, 4 * p),
                Vector128.LoadUnsafe(ref sr, 5 * p), Vector128.LoadUnsafe(ref si, 5 * p),
                Vector128.LoadUnsafe(ref sr, 6 * p), Vector128.LoadUnsafe(ref si, 6 * p),
                Vector128.LoadUnsafe(ref sr, 7 * p), Vector128.LoadUnsafe(ref si, 7 * p),
                ref Unsafe.Add(ref zr, Unsafe.Add(ref blocks, q)),
                ref Unsafe.Add(ref zi, Unsafe.Add(ref blocks, q)),
                ref store);
        }

        LaterPassesSse(ref MemoryMarshal.GetReference(output));
    }

    /// <summary><see cref="Radix8Store"/> four lanes wide: lane t's outputs 0..3 and 4..7 go to store[t] and store[t] + 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Radix8Store128(
        Vector128<float> z0r, Vector128<float> z0i, Vector128<float> z1r, Vector128<float> z1i,
        Vector128<float> z2r, Vector128<float> z2i, Vector128<float> z3r, Vector128<float> z3i,
        Vector128<float> z4r, Vector128<float> z4i, Vector128<float> z5r, Vector128<float> z5i,
        Vector128<float> z6r, Vector128<float> z6i, Vector128<float> z7r, Vector128<float> z7i,
        ref float destinationRe, ref float destinationIm, ref int store)
    {
        Vector128<float> ur = z0r + z4r, ui = z0i + z4i, vr = z0r - z4r, vi = z0i - z4i;
        Vector128<float> wr = z2r + z6r, wi = z2i + z6i, tr = z2r - z6r, ti = z2i - z6i;
        Vector128<float> e0r = ur + wr, e0i = ui + wi, e2r = ur - wr, e2i = ui - wi;
        Vector128<float> e1r = vr + ti, e1i = vi - tr, e3r = vr - ti, e3i = vi + tr;
        ur = z1r + z5r;
        ui = z1i + z5i;
        vr = z1r - z5r;
        vi = z1i - z5i;
        wr = z3r + z7r;
        wi = z3i + z7i;
        tr = z3r - z7r;
        ti = z3i - z7i;
        Vector128<float> o0r = ur + wr, o0i = ui + wi, o2r = ur - wr, o2i = ui - wi;
        Vector128<float> o1r = vr + ti, o1i = vi - tr, o3r = vr - ti, o3i = vi + tr;

        var h = Vector128.Create(Sqrt1Over2);
        Vector128<float> p1r = (o1r + o1i) * h, p1i = (o1i - o1r) * h;
        Vector128<float> p3r = (o3i - o3r) * h, p3i = -(o3r + o3i) * h;
        TransposeStore128(e0r + o0r, e1r + p1r, e2r + o2i, e3r + p3r, ref destinationRe, ref store, 0);
        TransposeStore128(e0r - o0r, e1r - p1r, e2r - o2i, e3r - p3r, ref destinationRe, ref store, 4);
        TransposeStore128(e0i + o0i, e1i + p1i, e2i - o2r, e3i + p3i, ref destinationIm, ref store, 0);
        TransposeStore128(e0i - o0i, e1i - p1i, e2i + o2r, e3i - p3i, ref destinationIm, ref store, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeStore128(
        Vector128<float> a0, Vector128<float> a1, Vector128<float> a2, Vector128<float> a3, ref float destination, ref int store, int offset)
    {
        Vector128<float> t0 = Sse.UnpackLow(a0, a1), t1 = Sse.UnpackLow(a2, a3);
        Vector128<float> t2 = Sse.UnpackHigh(a0, a1), t3 = Sse.UnpackHigh(a2, a3);
        Sse.MoveLowToHigh(t0, t1).StoreUnsafe(ref destination, (nuint)(store + offset));
        Sse.MoveHighToLow(t1, t0).StoreUnsafe(ref destination, (nuint)(Unsafe.Add(ref store, 1) + offset));
        Sse.MoveLowToHigh(t2, t3).StoreUnsafe(ref destination, (nuint)(Unsafe.Add(ref store, 2) + offset));
        Sse.MoveHighToLow(t3, t2).StoreUnsafe(ref destination, (nuint)(Unsafe.Add(ref store, 3) + offset));
    }

    /// <summary><see cref="LaterPasses"/> four lanes wide.</summary>
    private void LaterPassesSse(ref float samples)
    {
        int m = _half;
        ref float rr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float ri = ref MemoryMarshal.GetArrayDataReference(_im);
        int h = 8;
        if (_oddStageCount)
        {
            ref float w = ref MemoryMarshal.GetArrayDataReference(_radix2Twiddles);
            for (nuint start = 0; start < (nuint)m; start += 16)
            {
                for (nuint j = 0; j < 8; j += 4)
                {
                    nuint a = start + j, b = a + 8;
                    var wr = Vector128.LoadUnsafe(ref w, j);
                    var wi = Vector128.LoadUnsafe(ref w, j + 8);
                    var br = Vector128.LoadUnsafe(ref rr, b);
                    var bi = Vector128.LoadUnsafe(ref ri, b);
                    var tr = (br * wr) - (bi * wi);
                    var ti = (br * wi) + (bi * wr);
                    var ar = Vector128.LoadUnsafe(ref rr, a);
                    var ai = Vector128.LoadUnsafe(ref ri, a);
                    (ar + tr).StoreUnsafe(ref rr, a);
                    (ai + ti).StoreUnsafe(ref ri, a);
                    (ar - tr).StoreUnsafe(ref rr, b);
                    (ai - ti).StoreUnsafe(ref ri, b);
                }
            }

            h = 16;
        }

        ref float table = ref MemoryMarshal.GetArrayDataReference(_radix4Twiddles);
        for (; 4 * h < m; h *= 4)
        {
            Radix4Pass128<InPlace>(ref rr, ref ri, ref table, h, m, ref samples);
            table = ref Unsafe.Add(ref table, 6 * h);
        }

        if (Unsafe.IsNullRef(ref samples))
        {
            Radix4Pass128<InPlace>(ref rr, ref ri, ref table, h, m, ref samples);
        }
        else
        {
            Radix4Pass128<ToSamples>(ref rr, ref ri, ref table, h, m, ref samples);
        }
    }

    /// <summary><see cref="Radix4Pass{TOutput}"/> four lanes at a time, without FMA (the table holds eight j's per block).</summary>
    private static void Radix4Pass128<TOutput>(ref float rr, ref float ri, ref float table, int h, int m, ref float samples)
        where TOutput : struct, IPassOutput
    {
        nuint span = (nuint)h;
        for (nuint start = 0; start < (nuint)m; start += 4 * span)
        {
            for (nuint j = 0; j < span; j += 4)
            {
                ref float w = ref Unsafe.Add(ref table, (48 * (j / 8)) + (j % 8));
                nuint i0 = start + j, i1 = i0 + span, i2 = i1 + span, i3 = i2 + span;
                var a1r = Vector128.LoadUnsafe(ref rr, i1);
                var a1i = Vector128.LoadUnsafe(ref ri, i1);
                var w2r = Vector128.LoadUnsafe(ref w);
                var w2i = Vector128.LoadUnsafe(ref w, 8);
                var t1r = (a1r * w2r) - (a1i * w2i);
                var t1i = (a1r * w2i) + (a1i * w2r);
                var a2r = Vector128.LoadUnsafe(ref rr, i2);
                var a2i = Vector128.LoadUnsafe(ref ri, i2);
                var w1r = Vector128.LoadUnsafe(ref w, 16);
                var w1i = Vector128.LoadUnsafe(ref w, 24);
                var t2r = (a2r * w1r) - (a2i * w1i);
                var t2i = (a2r * w1i) + (a2i * w1r);
                var a3r = Vector128.LoadUnsafe(ref rr, i3);
                var a3i = Vector128.LoadUnsafe(ref ri, i3);
                var w3r = Vector128.LoadUnsafe(ref w, 32);
                var w3i = Vector128.LoadUnsafe(ref w, 40);
                var t3r = (a3r * w3r) - (a3i * w3i);
                var t3i = (a3r * w3i) + (a3i * w3r);
                var a0r = Vector128.LoadUnsafe(ref rr, i0);
                var a0i = Vector128.LoadUnsafe(ref ri, i0);

                Vector128<float> sr = a0r + t1r, si = a0i + t1i, dr = a0r - t1r, di = a0i - t1i;
                Vector128<float> pr = t2r + t3r, pi = t2i + t3i, qr = t2r - t3r, qi = t2i - t3i;
                if (typeof(TOutput) == typeof(ToSamples))
                {
                    StoreConjugateInterleaved128(sr + pr, si + pi, ref samples, i0);
                    StoreConjugateInterleaved128(sr - pr, si - pi, ref samples, i2);
                    StoreConjugateInterleaved128(dr + qi, di - qr, ref samples, i1);
                    StoreConjugateInterleaved128(dr - qi, di + qr, ref samples, i3);
                    continue;
                }

                (sr + pr).StoreUnsafe(ref rr, i0);
                (si + pi).StoreUnsafe(ref ri, i0);
                (sr - pr).StoreUnsafe(ref rr, i2);
                (si - pi).StoreUnsafe(ref ri, i2);
                (dr + qi).StoreUnsafe(ref rr, i1);
                (di - qr).StoreUnsafe(ref ri, i1);
                (dr - qi).StoreUnsafe(ref rr, i3);
                (di + qr).StoreUnsafe(ref ri, i3);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreConjugateInterleaved128(Vector128<float> re, Vector128<float> im, ref float samples, nuint i)
    {
        im = -im;
        Sse.UnpackLow(re, im).StoreUnsafe(ref samples, 2 * i);
        Sse.UnpackHigh(re, im).StoreUnsafe(ref samples, (2 * i) + 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reverse128(Vector128<float> v) => Sse.Shuffle(v, v, 0x1B);

    /// <summary><see cref="ForwardSplit"/> four bins (and their mirrors) at a time, without FMA.</summary>
    private void SplitForwardSse(Span<float> real, Span<float> imag)
    {
        int m = _half;
        ref float zr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref float zi = ref MemoryMarshal.GetArrayDataReference(_im);
        ref float outRe = ref MemoryMarshal.GetReference(real);
        ref float outIm = ref MemoryMarshal.GetReference(imag);
        ref float wRe = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref float wIm = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        float z0r = zr, z0i = zi;
        var half = Vector128.Create(0.5f);
        for (int k = 1; k <= (m / 2) - 3; k += 4)
        {
            nuint mirror = (nuint)(m - k - 3);
            var vzr = Vector128.LoadUnsafe(ref zr, (nuint)k);
            var vzi = Vector128.LoadUnsafe(ref zi, (nuint)k);
            var cr = Reverse128(Vector128.LoadUnsafe(ref zr, mirror));
            var cim = Reverse128(Vector128.LoadUnsafe(ref zi, mirror));
            var wr = Vector128.LoadUnsafe(ref wRe, (nuint)k);
            var wi = Vector128.LoadUnsafe(ref wIm, (nuint)k);
            var er = (vzr + cr) * half;
            var ei = (vzi - cim) * half;
            var dr = vzr - cr;
            var di = vzi + cim;
            var tr = (wr * di) + (wi * dr);
            var ti = (wi * di) - (wr * dr);
            (er + tr).StoreUnsafe(ref outRe, (nuint)k);
            (ei + ti).StoreUnsafe(ref outIm, (nuint)k);
            Reverse128(er - tr).StoreUnsafe(ref outRe, mirror);
            Reverse128(ti - ei).StoreUnsafe(ref outIm, mirror);
        }

        real[0] = z0r + z0i;
        imag[0] = 0;
        real[m] = z0r - z0i;
        imag[m] = 0;
    }

    /// <summary><see cref="InverseSplit"/> four bins (and their mirrors) at a time, without FMA.</summary>
    private void SplitInverseSse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        int m = _half;
        ref float xr0 = ref MemoryMarshal.GetReference(real);
        ref float xi0 = ref MemoryMarshal.GetReference(imag);
        ref float wr0 = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref float wi0 = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        ref float sr0 = ref MemoryMarshal.GetArrayDataReference(_scratchRe);
        ref float si0 = ref MemoryMarshal.GetArrayDataReference(_scratchIm);
        float scale = 1f / m;
        var g = Vector128.Create(0.5f * scale);
        var s = Vector128.Create(scale);
        for (int k = 1; k <= (m / 2) - 3; k += 4)
        {
            nuint mirror = (nuint)(m - k - 3);
            var xr = Vector128.LoadUnsafe(ref xr0, (nuint)k);
            var xi = Vector128.LoadUnsafe(ref xi0, (nuint)k);
            var cr = Reverse128(Vector128.LoadUnsafe(ref xr0, mirror));
            var cim = Reverse128(Vector128.LoadUnsafe(ref xi0, mirror));
            var wr = Vector128.LoadUnsafe(ref wr0, (nuint)k) * s;
            var wi = Vector128.LoadUnsafe(ref wi0, (nuint)k) * s;
            var dr = xr - cr;
            var di = xi + cim;
            var er = (xr + cr) * g;
            var ei = (xi - cim) * g;
            var fr = (dr * wr) + (di * wi);
            var fi = (di * wr) - (dr * wi);
            (er - fi).StoreUnsafe(ref sr0, (nuint)k);
            (-(ei + fr)).StoreUnsafe(ref si0, (nuint)k);
            Reverse128(er + fi).StoreUnsafe(ref sr0, mirror);
            Reverse128(ei - fr).StoreUnsafe(ref si0, mirror);
        }

        float x0 = real[0], xm = real[m];
        sr0 = 0.5f * scale * (x0 + xm);
        si0 = -(0.5f * scale * (x0 - xm));
    }
}
