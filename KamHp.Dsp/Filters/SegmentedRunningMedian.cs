using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KamHp.Dsp.Filters;

/// <summary>
/// Running median along one row (the percussive median over neighbouring bins, FitzGerald et al. 2014, eq. 11):
/// <c>destination[b] = median(padded[b], ..., padded[b + K - 1])</c>. The row is cut into eight segments, one per SIMD
/// lane, and each lane slides a sorted window of K values along its segment: removing the value that leaves and
/// merging the one that enters costs O(K) per bin, against O(K log² K) for a fresh median network per bin.
/// </summary>
/// <remarks>
/// The result is an element of each window, so it equals <see cref="LaneMedian"/> over shifted rows bit for bit
/// (see <see cref="SortedLaneWindow"/> for the update rule). Values must be finite. An instance owns its scratch: not
/// thread-safe, no allocation after construction.
/// </remarks>
public sealed class SegmentedRunningMedian
{
    private const int Lanes = 8;
    private readonly int _maxLength;
    private readonly float[] _source;       // the padded row, zero-extended to whole 8 x 8 blocks
    private readonly float[] _transposed;   // row i of segment-local position, lane j: [i * 8 + j]
    private readonly float[] _medians;      // [i * 8 + j]
    private readonly float[] _result;       // the medians back in row order
    private readonly float[] _window;       // K sorted vectors

    /// <summary>Prepares for rows of up to <paramref name="maxLength"/> outputs and kernels up to 63.</summary>
    /// <param name="maxLength">Largest number of outputs, positive.</param>
    public SegmentedRunningMedian(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        _maxLength = maxLength;
        int segment = SegmentLength(maxLength);
        int rows = RoundUp(segment + LaneMedian.MaxKernelSize);
        _source = new float[(Lanes - 1) * segment + rows];
        _transposed = new float[rows * Lanes];
        _medians = new float[segment * Lanes];
        _result = new float[segment * Lanes];
        _window = new float[LaneMedian.MaxKernelSize * Lanes];
    }

    /// <summary>Computes the running median of <paramref name="kernel"/> values.</summary>
    /// <param name="padded">The row with its edges extended: at least destination.Length + kernel - 1 values.</param>
    /// <param name="kernel">Window size, odd, 1..63.</param>
    /// <param name="destination">Receives one median per position (1..maxLength values). Must not overlap <paramref name="padded"/>.</param>
    /// <exception cref="ArgumentException">Sizes out of range.</exception>
    public void Compute(ReadOnlySpan<float> padded, int kernel, Span<float> destination)
    {
        int length = destination.Length;
        if (kernel < 1 || kernel > LaneMedian.MaxKernelSize || kernel % 2 == 0 || length < 1 || length > _maxLength || padded.Length < length + kernel - 1)
        {
            throw new ArgumentException("Kernel must be odd 1..63, the destination 1..maxLength long and the padded row length + kernel - 1.");
        }

        int segment = SegmentLength(length);
        int rows = RoundUp(segment + kernel - 1);
        int needed = ((Lanes - 1) * segment) + rows;
        int copied = Math.Min(padded.Length, needed);
        padded[..copied].CopyTo(_source);
        _source.AsSpan(copied, needed - copied).Clear();   // beyond the row: zeros, only ever seen by unused outputs
        Transpose(_source, segment, rows, _transposed);
        ref float t = ref MemoryMarshal.GetArrayDataReference(_transposed);
        ref float w = ref MemoryMarshal.GetArrayDataReference(_window);
        ref float m = ref MemoryMarshal.GetArrayDataReference(_medians);
        Fill(ref w, ref t, kernel);
        int middle = kernel / 2;
        SortedWindowKernel.CopyRank(ref w, middle, ref m);
        int i = 1;
        if (kernel >= 3)
        {
            // Two slides per pass over the window (segment is a multiple of 8, so segment - 1 slides: pairs and one more).
            for (; i + 1 < segment; i += 2)
            {
                SortedWindowKernel.ReplaceTwice(
                    ref w, ref Unsafe.Add(ref t, (i - 1) * Lanes), ref Unsafe.Add(ref t, (i + kernel - 1) * Lanes),
                    ref Unsafe.Add(ref t, i * Lanes), ref Unsafe.Add(ref t, (i + kernel) * Lanes), kernel, ref Unsafe.Add(ref m, i * Lanes));
                SortedWindowKernel.CopyRank(ref w, middle, ref Unsafe.Add(ref m, (i + 1) * Lanes));
            }
        }

        for (; i < segment; i++)
        {
            SortedWindowKernel.Replace(ref w, ref Unsafe.Add(ref t, (i - 1) * Lanes), ref Unsafe.Add(ref t, (i + kernel - 1) * Lanes), kernel);
            SortedWindowKernel.CopyRank(ref w, middle, ref Unsafe.Add(ref m, i * Lanes));
        }

        Untranspose(_medians, segment, _result);
        _result.AsSpan(0, length).CopyTo(destination);
    }

    private static int SegmentLength(int length) => RoundUp((length + Lanes - 1) / Lanes);

    private static int RoundUp(int count) => (count + Lanes - 1) / Lanes * Lanes;

    /// <summary>transposed[i * 8 + j] = source[j * segment + i] for i &lt; rows (a multiple of 8), in 8 x 8 blocks.</summary>
    private static void Transpose(float[] source, int segment, int rows, float[] transposed)
    {
        ref float s = ref MemoryMarshal.GetArrayDataReference(source);
        ref float t = ref MemoryMarshal.GetArrayDataReference(transposed);
        for (int i = 0; i < rows; i += Lanes)
        {
            TransposeBlock(ref Unsafe.Add(ref s, i), segment, ref Unsafe.Add(ref t, i * Lanes), Lanes);
        }
    }

    /// <summary>result[j * segment + i] = medians[i * 8 + j]: the inverse of <see cref="Transpose"/>.</summary>
    private static void Untranspose(float[] medians, int segment, float[] result)
    {
        ref float m = ref MemoryMarshal.GetArrayDataReference(medians);
        ref float r = ref MemoryMarshal.GetArrayDataReference(result);
        for (int i = 0; i < segment; i += Lanes)
        {
            TransposeBlock(ref Unsafe.Add(ref m, i * Lanes), Lanes, ref Unsafe.Add(ref r, i), segment);
        }
    }

    /// <summary>destination[c * destinationStride + r] = source[r * sourceStride + c] for r, c &lt; 8: AVX, four SSE 4 x 4 blocks, or scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        if (Avx.IsSupported)
        {
            Transpose8(ref source, sourceStride, ref destination, destinationStride);
        }
        else if (Sse.IsSupported)
        {
            for (int r = 0; r < Lanes; r += 4)
            {
                for (int c = 0; c < Lanes; c += 4)
                {
                    Transpose4(ref Unsafe.Add(ref source, (r * sourceStride) + c), sourceStride, ref Unsafe.Add(ref destination, (c * destinationStride) + r), destinationStride);
                }
            }
        }
        else
        {
            for (int r = 0; r < Lanes; r++)
            {
                for (int c = 0; c < Lanes; c++)
                {
                    Unsafe.Add(ref destination, (c * destinationStride) + r) = Unsafe.Add(ref source, (r * sourceStride) + c);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        Vector128<float> r0 = Vector128.LoadUnsafe(ref source), r1 = Vector128.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector128<float> r2 = Vector128.LoadUnsafe(ref source, (nuint)(2 * sourceStride)), r3 = Vector128.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackLow(r2, r3), t2 = Sse.UnpackHigh(r0, r1), t3 = Sse.UnpackHigh(r2, r3);
        Sse.MoveLowToHigh(t0, t1).StoreUnsafe(ref destination);
        Sse.MoveHighToLow(t1, t0).StoreUnsafe(ref destination, (nuint)destinationStride);
        Sse.MoveLowToHigh(t2, t3).StoreUnsafe(ref destination, (nuint)(2 * destinationStride));
        Sse.MoveHighToLow(t3, t2).StoreUnsafe(ref destination, (nuint)(3 * destinationStride));
    }

    /// <summary>Transposes the 8 x 8 block whose row r starts at source[r * sourceStride] into destination rows of stride destinationStride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source), r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride)), r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride)), r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref destination, (nuint)destinationStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref destination, (nuint)(2 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref destination, (nuint)(3 * destinationStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref destination, (nuint)(4 * destinationStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref destination, (nuint)(5 * destinationStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref destination, (nuint)(6 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref destination, (nuint)(7 * destinationStride));
    }

    /// <summary>Sorts the first K rows into the window by insertion (K merges into a growing sorted window).</summary>
    private static void Fill(ref float window, ref float rows, int kernel)
    {
        for (int size = 0; size < kernel; size++)
        {
            Vector256<float> value = Vector256.LoadUnsafe(ref rows, (nuint)(size * Lanes));
            Vector256<float> previous = Vector256.Create(float.NegativeInfinity);
            for (int i = 0; i <= size; i++)
            {
                Vector256<float> current = i < size ? Vector256.LoadUnsafe(ref window, (nuint)(i * Lanes)) : Vector256.Create(float.PositiveInfinity);
                Vector256.MinNative(Vector256.MaxNative(value, previous), current).StoreUnsafe(ref window, (nuint)(i * Lanes));
                previous = current;
            }
        }
    }
}
