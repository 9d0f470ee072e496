using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    private readonly float[] _transposed;   // row i of segment-local position, lane j: [i * 8 + j]
    private readonly float[] _medians;      // [i * 8 + j]
    private readonly float[] _window;       // K sorted vectors

    /// <summary>Prepares for rows of up to <paramref name="maxLength"/> outputs and kernels up to 63.</summary>
    /// <param name="maxLength">Largest number of outputs, positive.</param>
    public SegmentedRunningMedian(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        _maxLength = maxLength;
        int segment = (maxLength + Lanes - 1) / Lanes;
        _transposed = new float[(segment + LaneMedian.MaxKernelSize) * Lanes];
        _medians = new float[segment * Lanes];
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

        int segment = (length + Lanes - 1) / Lanes;
        int rows = segment + kernel - 1;
        ref float source = ref MemoryMarshal.GetReference(padded);
        ref float t = ref MemoryMarshal.GetArrayDataReference(_transposed);
        int available = padded.Length;
        for (int j = 0; j < Lanes; j++)
        {
            int start = j * segment;
            int stop = Math.Min(rows, available - start);   // beyond the row: zeros, only ever seen by unused outputs
            int i = 0;
            for (; i < stop; i++)
            {
                Unsafe.Add(ref t, (i * Lanes) + j) = Unsafe.Add(ref source, start + i);
            }

            for (; i < rows; i++)
            {
                Unsafe.Add(ref t, (i * Lanes) + j) = 0;
            }
        }

        ref float w = ref MemoryMarshal.GetArrayDataReference(_window);
        ref float m = ref MemoryMarshal.GetArrayDataReference(_medians);
        Fill(ref w, ref t, kernel);
        int middle = kernel / 2 * Lanes;
        Vector256.LoadUnsafe(ref w, (nuint)middle).StoreUnsafe(ref m);
        for (int i = 1; i < segment; i++)
        {
            Slide(ref w, Vector256.LoadUnsafe(ref t, (nuint)((i - 1) * Lanes)), Vector256.LoadUnsafe(ref t, (nuint)((i + kernel - 1) * Lanes)), kernel);
            Vector256.LoadUnsafe(ref w, (nuint)middle).StoreUnsafe(ref m, (nuint)(i * Lanes));
        }

        ref float d = ref MemoryMarshal.GetReference(destination);
        for (int j = 0; j < Lanes; j++)
        {
            int start = j * segment;
            int stop = Math.Min(segment, length - start);
            for (int i = 0; i < stop; i++)
            {
                Unsafe.Add(ref d, start + i) = Unsafe.Add(ref m, (i * Lanes) + j);
            }
        }
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Slide(ref float window, Vector256<float> leaving, Vector256<float> entering, int size)
    {
        Vector256<float> found = Vector256<float>.Zero;
        Vector256<float> previous = Vector256.Create(float.NegativeInfinity);
        Vector256<float> current = Vector256.LoadUnsafe(ref window);
        for (int i = 0; i < size; i++)
        {
            Vector256<float> next = i + 1 < size ? Vector256.LoadUnsafe(ref window, (nuint)((i + 1) * Lanes)) : Vector256.Create(float.PositiveInfinity);
            found |= Vector256.Equals(current, leaving);
            Vector256<float> kept = Vector256.ConditionalSelect(found, next, current);
            Vector256.MinNative(Vector256.MaxNative(entering, previous), kept).StoreUnsafe(ref window, (nuint)(i * Lanes));
            previous = kept;
            current = next;
        }
    }
}
