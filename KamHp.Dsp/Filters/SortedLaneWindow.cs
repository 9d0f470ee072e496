using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KamHp.Dsp.Filters;

/// <summary>
/// For every lane (bin), the values of a sliding window of rows (frames) kept in sorted order, so that sliding the
/// window by one row costs O(K) per lane instead of a fresh median network's O(K log² K): the streaming harmonic
/// median (FitzGerald et al. 2014, eq. 12) over the last K observation frames, which are exactly the frames
/// [w - Past, w + Ahead] whatever the look-ahead.
/// </summary>
/// <remarks>
/// <para>Removing value o and inserting value n, lane-wise and branch-free (<see cref="SortedWindowKernel"/>): with S
/// the sorted window, A_i = S_(i+1) from the first i with S_i == o on, else S_i (one copy of o removed); then
/// S'_i = min(max(n, A_(i-1)), A_i) with A_(-1) = -inf, A_(K-1) = +inf (n merged in). The median is S'_(K/2): an element
/// of the window, so the result is exactly the median a sorting network gives (<see cref="LaneMedian"/>), bit for bit.
/// Values must be finite, and each leaving value must be in its window (a NaN never compares and would not be removed;
/// the engine restarts on non-finite data).</para>
/// <para>Storage is lane-group-major: the K sorted values of eight lanes are K consecutive vectors. The window size is
/// not stored: every call states it, and <see cref="Insert"/>/<see cref="Remove"/> grow or shrink it by one. A cleared
/// window (all zeros) is a valid window of zeros of any size.</para>
/// </remarks>
public sealed class SortedLaneWindow
{
    private const int GroupWidth = 8;
    private readonly float[] _values;

    /// <summary>Allocates a cleared window for <paramref name="laneCount"/> lanes of up to <paramref name="maxSize"/> rows.</summary>
    /// <param name="laneCount">Lanes, a positive multiple of 8.</param>
    /// <param name="maxSize">Largest window, 1..63.</param>
    public SortedLaneWindow(int laneCount, int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(laneCount);
        if (laneCount % GroupWidth != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(laneCount), laneCount, "Lane count must be a multiple of 8.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSize, LaneMedian.MaxKernelSize);
        LaneCount = laneCount;
        MaxSize = maxSize;
        _values = ResidentArray.Allocate<float>(laneCount * maxSize);
    }

    /// <summary>Number of lanes.</summary>
    public int LaneCount { get; }

    /// <summary>Largest window size.</summary>
    public int MaxSize { get; }

    /// <summary>Sets every lane to a window of zeros (of any size).</summary>
    public void Clear() => Array.Clear(_values);

    /// <summary>Sets lanes [start, start + count) (multiples of 8) to windows of zeros (real-time safe).</summary>
    public void Clear(int start, int count)
    {
        if (start < 0 || count < 0 || start % GroupWidth != 0 || count % GroupWidth != 0 || start + count > LaneCount)
        {
            throw new ArgumentException("Lane range must be whole groups of 8 within the window.");
        }

        _values.AsSpan(start * MaxSize, count * MaxSize).Clear();
    }

    /// <summary>
    /// Slides the window of lanes [start, start + count): removes <paramref name="leaving"/>[l] and inserts
    /// <paramref name="entering"/>[l] in lane l, then writes each lane's median to <paramref name="median"/>[l - start].
    /// </summary>
    /// <param name="leaving">Values leaving, indexed like the lanes (length at least start + count). Each must be in its lane's window.</param>
    /// <param name="entering">Values entering, indexed like the lanes.</param>
    /// <param name="size">Window size, odd, 1..MaxSize (unchanged by the call).</param>
    /// <param name="start">First lane, a multiple of 8.</param>
    /// <param name="count">Lanes, a multiple of 8.</param>
    /// <param name="median">Receives count medians.</param>
    public void Slide(ReadOnlySpan<float> leaving, ReadOnlySpan<float> entering, int size, int start, int count, Span<float> median)
    {
        Check(leaving, start, count, size);
        Check(entering, start, count, size);
        Debug.Assert(median.Length >= count && size % 2 == 1);
        ref float window = ref MemoryMarshal.GetArrayDataReference(_values);
        ref float o = ref MemoryMarshal.GetReference(leaving);
        ref float n = ref MemoryMarshal.GetReference(entering);
        ref float m = ref MemoryMarshal.GetReference(median);
        for (int lane = start; lane < start + count; lane += GroupWidth)
        {
            ref float group = ref Unsafe.Add(ref window, lane * MaxSize);
            SortedWindowKernel.Replace(ref group, ref Unsafe.Add(ref o, lane), ref Unsafe.Add(ref n, lane), size);
            SortedWindowKernel.CopyRank(ref group, size / 2, ref Unsafe.Add(ref m, lane - start));
        }
    }

    /// <summary>Grows the window of lanes [start, start + count) from <paramref name="size"/> to size + 1 values by inserting <paramref name="entering"/>.</summary>
    public void Insert(ReadOnlySpan<float> entering, int size, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(size, MaxSize);
        Check(entering, start, count, Math.Max(size, 1));
        ref float window = ref MemoryMarshal.GetArrayDataReference(_values);
        ref float n = ref MemoryMarshal.GetReference(entering);
        for (int lane = start; lane < start + count; lane += GroupWidth)
        {
            ref float group = ref Unsafe.Add(ref window, lane * MaxSize);
            var value = Vector256.LoadUnsafe(ref n, (nuint)lane);
            Vector256<float> previous = Vector256.Create(float.NegativeInfinity);
            for (int i = 0; i <= size; i++)
            {
                Vector256<float> current = i < size ? Vector256.LoadUnsafe(ref group, (nuint)(i * GroupWidth)) : Vector256.Create(float.PositiveInfinity);
                Vector256.MinNative(Vector256.MaxNative(value, previous), current).StoreUnsafe(ref group, (nuint)(i * GroupWidth));
                previous = current;
            }
        }
    }

    /// <summary>Shrinks the window of lanes [start, start + count) from <paramref name="size"/> to size - 1 values by removing <paramref name="leaving"/>.</summary>
    public void Remove(ReadOnlySpan<float> leaving, int size, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        Check(leaving, start, count, size);
        ref float window = ref MemoryMarshal.GetArrayDataReference(_values);
        ref float o = ref MemoryMarshal.GetReference(leaving);
        for (int lane = start; lane < start + count; lane += GroupWidth)
        {
            ref float group = ref Unsafe.Add(ref window, lane * MaxSize);
            var value = Vector256.LoadUnsafe(ref o, (nuint)lane);
            Vector256<float> found = Vector256<float>.Zero;
            for (int i = 0; i < size - 1; i++)
            {
                Vector256<float> current = Vector256.LoadUnsafe(ref group, (nuint)(i * GroupWidth));
                found |= Vector256.Equals(current, value);
                Vector256.ConditionalSelect(found, Vector256.LoadUnsafe(ref group, (nuint)((i + 1) * GroupWidth)), current).StoreUnsafe(ref group, (nuint)(i * GroupWidth));
            }
        }
    }

    /// <summary>Copies the windows of lanes [start, start + count) (the first <paramref name="size"/> ranks) from <paramref name="source"/>.</summary>
    public void CopyFrom(SortedLaneWindow source, int size, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.MaxSize != MaxSize || source.LaneCount != LaneCount)
        {
            throw new ArgumentException("Windows must have the same shape.", nameof(source));
        }

        for (int lane = start; lane < start + count; lane += GroupWidth)
        {
            source._values.AsSpan(lane * MaxSize, size * GroupWidth).CopyTo(_values.AsSpan(lane * MaxSize, size * GroupWidth));
        }
    }

    /// <summary>The sorted values of lane <paramref name="lane"/> (for tests and diagnostics; allocates).</summary>
    public float[] SortedValues(int lane, int size)
    {
        var values = new float[size];
        int group = lane / GroupWidth * GroupWidth * MaxSize;
        for (int i = 0; i < size; i++)
        {
            values[i] = _values[group + (i * GroupWidth) + (lane % GroupWidth)];
        }

        return values;
    }

    private void Check(ReadOnlySpan<float> values, int start, int count, int size)
    {
        if (start < 0 || count < 0 || start % GroupWidth != 0 || count % GroupWidth != 0 || start + count > LaneCount || values.Length < start + count || size < 1 || size > MaxSize)
        {
            throw new ArgumentException("Lane range must be whole groups of 8 within the window, the row long enough, the size 1..MaxSize.");
        }
    }
}
