using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KamHp.Dsp.Filters;

/// <summary>
/// Lane-wise median of K rows: <c>destination[i] = median(data[rowStarts[0] + i], ..., data[rowStarts[K-1] + i])</c>.
/// </summary>
/// <remarks>
/// The one kernel behind both of the paper's median filters (FitzGerald 2010, eqs. 1-2; KAM 2014, eqs. 11-12):
/// the harmonic median over K frames at each bin takes K frame rows as the rows; the percussive median over K
/// neighbouring bins takes one padded frame row at K successive offsets. The fast path runs a pruned sorting
/// network on <see cref="Vector256{T}"/> lanes; <see cref="ComputeReference"/> is the plain scalar definition it is
/// tested against. An instance owns its scratch: not thread-safe, no allocation after construction.
/// </remarks>
public sealed class LaneMedian
{
    /// <summary>Largest supported kernel size.</summary>
    public const int MaxKernelSize = 63;

    private const int Unroll = 2;
    private readonly MedianNetwork _network;
    private readonly Vector256<float>[] _wires;

    /// <summary>Prepares the median of <paramref name="kernelSize"/> rows.</summary>
    /// <param name="kernelSize">Odd, 1..63.</param>
    /// <exception cref="ArgumentOutOfRangeException">Even or out of range.</exception>
    public LaneMedian(int kernelSize)
    {
        _network = new MedianNetwork(kernelSize);
        _wires = new Vector256<float>[kernelSize * Unroll];
    }

    /// <summary>Number of rows the median is taken over.</summary>
    public int KernelSize => _network.KernelSize;

    /// <summary>Number of comparators in the pruned network (a cost measure).</summary>
    public int ComparatorCount => _network.Codes.Length;

    /// <summary>
    /// Computes the lane-wise median with SIMD.
    /// </summary>
    /// <param name="data">The buffer holding the rows.</param>
    /// <param name="rowStarts">K offsets into <paramref name="data"/>; row r is <c>data[rowStarts[r] ..][..destination.Length]</c>.</param>
    /// <param name="destination">Receives the medians. Must not overlap <paramref name="data"/>.</param>
    /// <exception cref="ArgumentException">Wrong row count or a row beyond the buffer.</exception>
    public void Compute(ReadOnlySpan<float> data, ReadOnlySpan<int> rowStarts, Span<float> destination)
    {
        Validate(KernelSize, data, rowStarts, destination.Length);
        int length = destination.Length;
        int width = Vector256<float>.Count;
        int i = 0;
        if (length >= width)
        {
            for (; i + (Unroll * width) <= length; i += Unroll * width)
            {
                MedianTwoVectors(data, rowStarts, i, destination);
            }

            for (; i + width <= length; i += width)
            {
                MedianOneVector(data, rowStarts, i, destination);
            }

            // The tail re-does an overlapping last vector: reads never depend on writes, so it is idempotent.
            if (i < length)
            {
                MedianOneVector(data, rowStarts, length - width, destination);
            }
        }
        else
        {
            Span<float> values = stackalloc float[MaxKernelSize];
            for (; i < length; i++)
            {
                destination[i] = ScalarMedian(data, rowStarts, i, values[..KernelSize]);
            }
        }
    }

    /// <summary>
    /// The plain definition: for each lane, copy the K values, sort them, take the middle one.
    /// </summary>
    /// <param name="data">The buffer holding the rows.</param>
    /// <param name="rowStarts">Row offsets, as for <see cref="Compute"/>; their count is the kernel size (odd, 1..63).</param>
    /// <param name="destination">Receives the medians.</param>
    public static void ComputeReference(ReadOnlySpan<float> data, ReadOnlySpan<int> rowStarts, Span<float> destination)
    {
        Validate(rowStarts.Length, data, rowStarts, destination.Length);
        Span<float> values = stackalloc float[MaxKernelSize];
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ScalarMedian(data, rowStarts, i, values[..rowStarts.Length]);
        }
    }

    private static float ScalarMedian(ReadOnlySpan<float> data, ReadOnlySpan<int> rowStarts, int lane, Span<float> values)
    {
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = data[rowStarts[r] + lane];
        }

        values.Sort();
        return values[values.Length / 2];
    }

    private static void Validate(int kernelSize, ReadOnlySpan<float> data, ReadOnlySpan<int> rowStarts, int length)
    {
        if (rowStarts.Length != kernelSize || kernelSize % 2 == 0 || kernelSize > MaxKernelSize)
        {
            throw new ArgumentException($"Expected {kernelSize} row offsets (odd, at most {MaxKernelSize}).", nameof(rowStarts));
        }

        foreach (int start in rowStarts)
        {
            if (start < 0 || start + length > data.Length)
            {
                throw new ArgumentException("A row extends beyond the data buffer.", nameof(rowStarts));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MedianOneVector(ReadOnlySpan<float> data, ReadOnlySpan<int> rowStarts, int lane, Span<float> destination)
    {
        ref float source = ref MemoryMarshal.GetReference(data);
        ref Vector256<float> v = ref MemoryMarshal.GetArrayDataReference(_wires);
        int k = KernelSize;
        for (int r = 0; r < k; r++)
        {
            Unsafe.Add(ref v, r) = Vector256.LoadUnsafe(ref source, (nuint)(rowStarts[r] + lane));
        }

        // Every comparator runs as a full compare-exchange: where the pruned network needs only one output, the
        // other goes to a wire that nothing reads afterwards, and a branch-free loop is faster than skipping it.
        foreach (int code in _network.Codes)
        {
            ref Vector256<float> x = ref Unsafe.Add(ref v, code & 0xFF);
            ref Vector256<float> y = ref Unsafe.Add(ref v, (code >> 8) & 0xFF);
            Vector256<float> min = Vector256.Min(x, y);
            y = Vector256.Max(x, y);
            x = min;
        }

        Debug.Assert(lane + Vector256<float>.Count <= destination.Length);
        Unsafe.Add(ref v, k / 2).StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)lane);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MedianTwoVectors(ReadOnlySpan<float> data, ReadOnlySpan<int> rowStarts, int lane, Span<float> destination)
    {
        // Two independent lane groups interleaved so the min/max latency of one hides behind the other; the
        // groups live at wire w and w + k of the scratch.
        ref float source = ref MemoryMarshal.GetReference(data);
        ref Vector256<float> v = ref MemoryMarshal.GetArrayDataReference(_wires);
        int k = KernelSize;
        int width = Vector256<float>.Count;
        for (int r = 0; r < k; r++)
        {
            nuint offset = (nuint)(rowStarts[r] + lane);
            Unsafe.Add(ref v, r) = Vector256.LoadUnsafe(ref source, offset);
            Unsafe.Add(ref v, k + r) = Vector256.LoadUnsafe(ref source, offset + (nuint)width);
        }

        ref Vector256<float> v1 = ref Unsafe.Add(ref v, k);
        foreach (int code in _network.Codes)
        {
            int ia = code & 0xFF;
            int ib = (code >> 8) & 0xFF;
            ref Vector256<float> x0 = ref Unsafe.Add(ref v, ia);
            ref Vector256<float> y0 = ref Unsafe.Add(ref v, ib);
            ref Vector256<float> x1 = ref Unsafe.Add(ref v1, ia);
            ref Vector256<float> y1 = ref Unsafe.Add(ref v1, ib);
            Vector256<float> min0 = Vector256.Min(x0, y0), min1 = Vector256.Min(x1, y1);
            y0 = Vector256.Max(x0, y0);
            y1 = Vector256.Max(x1, y1);
            x0 = min0;
            x1 = min1;
        }

        ref float target = ref MemoryMarshal.GetReference(destination);
        Unsafe.Add(ref v, k / 2).StoreUnsafe(ref target, (nuint)lane);
        Unsafe.Add(ref v1, k / 2).StoreUnsafe(ref target, (nuint)(lane + width));
    }
}
