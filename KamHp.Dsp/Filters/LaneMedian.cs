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
    public int ComparatorCount => _network.A.Length;

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
        Span<Vector256<float>> v = _wires.AsSpan(0, KernelSize);
        for (int r = 0; r < v.Length; r++)
        {
            v[r] = Vector256.LoadUnsafe(ref source, (nuint)(rowStarts[r] + lane));
        }

        int[] a = _network.A;
        int[] b = _network.B;
        MedianNetwork.Op[] ops = _network.Ops;
        for (int c = 0; c < ops.Length; c++)
        {
            int ia = a[c];
            int ib = b[c];
            Vector256<float> x = v[ia];
            Vector256<float> y = v[ib];
            switch (ops[c])
            {
                case MedianNetwork.Op.Both:
                    v[ia] = Vector256.Min(x, y);
                    v[ib] = Vector256.Max(x, y);
                    break;
                case MedianNetwork.Op.MinOnly:
                    v[ia] = Vector256.Min(x, y);
                    break;
                default:
                    v[ib] = Vector256.Max(x, y);
                    break;
            }
        }

        Debug.Assert(lane + Vector256<float>.Count <= destination.Length);
        v[KernelSize / 2].StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)lane);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MedianTwoVectors(ReadOnlySpan<float> data, ReadOnlySpan<int> rowStarts, int lane, Span<float> destination)
    {
        // Two independent lane groups interleaved so the min/max latency of one hides behind the other.
        ref float source = ref MemoryMarshal.GetReference(data);
        int k = KernelSize;
        int width = Vector256<float>.Count;
        Span<Vector256<float>> v = _wires.AsSpan(0, 2 * k);
        for (int r = 0; r < k; r++)
        {
            nuint offset = (nuint)(rowStarts[r] + lane);
            v[r] = Vector256.LoadUnsafe(ref source, offset);
            v[k + r] = Vector256.LoadUnsafe(ref source, offset + (nuint)width);
        }

        int[] a = _network.A;
        int[] b = _network.B;
        MedianNetwork.Op[] ops = _network.Ops;
        for (int c = 0; c < ops.Length; c++)
        {
            int ia = a[c];
            int ib = b[c];
            Vector256<float> x0 = v[ia];
            Vector256<float> y0 = v[ib];
            Vector256<float> x1 = v[k + ia];
            Vector256<float> y1 = v[k + ib];
            switch (ops[c])
            {
                case MedianNetwork.Op.Both:
                    v[ia] = Vector256.Min(x0, y0);
                    v[ib] = Vector256.Max(x0, y0);
                    v[k + ia] = Vector256.Min(x1, y1);
                    v[k + ib] = Vector256.Max(x1, y1);
                    break;
                case MedianNetwork.Op.MinOnly:
                    v[ia] = Vector256.Min(x0, y0);
                    v[k + ia] = Vector256.Min(x1, y1);
                    break;
                default:
                    v[ib] = Vector256.Max(x0, y0);
                    v[k + ib] = Vector256.Max(x1, y1);
                    break;
            }
        }

        ref float target = ref MemoryMarshal.GetReference(destination);
        v[k / 2].StoreUnsafe(ref target, (nuint)lane);
        v[k + (k / 2)].StoreUnsafe(ref target, (nuint)(lane + width));
    }
}
