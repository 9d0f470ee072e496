using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KamHp.Dsp.Offline;

/// <summary>
/// The offline separator's excerpt-sized arrays (the kept spectrum, the kept powers): pinned, and on Linux advised to
/// use transparent huge pages, so that writing tens of megabytes of fresh memory costs a fault per 2 MiB instead of
/// one per 4 KiB (in a virtual machine each small fault is several microseconds: the spectrum of 16 s took ~10 ms of
/// faults on two cores). Advisory: where the kernel does not support or allow it, nothing changes.
/// </summary>
/// <remarks>
/// Even in huge pages the kernel zeroes every page on first touch (about 6 % of a 16 s separation's CPU time here).
/// <see cref="Reserve"/> lets a caller that knows the shape early (the command line, from the file's header) have
/// the arrays allocated at once and their pages faulted in by a background thread (MADV_POPULATE_WRITE, Linux 5.14
/// and later) while it still reads the input; <see cref="Allocate"/> then hands them out of that reservation. Populating only maps
/// zeroed pages, so it may overlap the arrays' use.
/// </remarks>
internal static partial class LargeArrays
{
    private const long HugePageBytes = 2L << 20;
    private const int MadvHugePage = 14;
    private const int MadvPopulateWrite = 23;

    /// <summary>
    /// A zeroed float array of <paramref name="length"/> elements, huge pages advised when it spans some: one of
    /// <paramref name="reserved"/>'s when it holds one of that length.
    /// </summary>
    public static float[] Allocate(int length, ArrayReservation? reserved = null) =>
        reserved?.Take(length) ?? (Spans(length) ? AllocateAdvised(length) : new float[length]);

    /// <summary>
    /// Allocates arrays of <paramref name="lengths"/> for later <see cref="Allocate"/> calls and faults their pages in
    /// on a background thread. Linux only; elsewhere the reservation is empty.
    /// </summary>
    public static ArrayReservation Reserve(IReadOnlyList<int> lengths)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new ArrayReservation([]);
        }

        List<float[]> arrays = [.. lengths.Where(Spans).Select(AllocateAdvised)];
        if (arrays.Count > 0)
        {
            new Thread(() => Populate(arrays)) { IsBackground = true, Name = "kamhp populate" }.Start();
        }

        return new ArrayReservation(arrays);
    }

    private static bool Spans(int length) => OperatingSystem.IsLinux() && (long)length * sizeof(float) >= 2 * HugePageBytes;

    private static float[] AllocateAdvised(int length)
    {
        float[] array = GC.AllocateArray<float>(length, pinned: true);
        (long from, long to) = HugePageInterior(array);
        if (to > from)
        {
            _ = Madvise((nint)from, (nuint)(to - from), MadvHugePage);
        }

        return array;
    }

    /// <summary>
    /// Faults in every page of the arrays (huge pages where advised, small ones at their ends), 2 MiB at a time from
    /// their ends backwards in step: a separation writes them from the start, so the two meet once instead of
    /// contending page after page. A page shared with another object is only mapped, never changed.
    /// </summary>
    private static void Populate(List<float[]> arrays)
    {
        long page = Environment.SystemPageSize;
        var ranges = arrays.Select(array =>
        {
            (long start, long end) = Bounds(array);
            return (From: start / page * page, To: (end + page - 1) / page * page);
        }).ToArray();
        for (long back = 0; ; back += HugePageBytes)
        {
            bool any = false;
            foreach ((long from, long to) in ranges)
            {
                long end = to - back;
                long start = Math.Max(from, end - HugePageBytes);
                if (end <= start)
                {
                    continue;
                }

                any = true;
                if (Madvise((nint)start, (nuint)(end - start), MadvPopulateWrite) != 0)
                {
                    return;   // not supported here: the separation takes the faults
                }
            }

            if (!any)
            {
                GC.KeepAlive(arrays);
                return;
            }
        }
    }

    /// <summary>The whole huge pages inside a pinned array (the pages at its ends may hold other objects).</summary>
    private static (long From, long To) HugePageInterior(float[] array)
    {
        (long start, long end) = Bounds(array);
        return ((start + HugePageBytes - 1) / HugePageBytes * HugePageBytes, end / HugePageBytes * HugePageBytes);
    }

    /// <summary>The address range of a pinned array's elements.</summary>
    private static (long Start, long End) Bounds(float[] array)
    {
        unsafe
        {
            long address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            return (address, address + ((long)array.Length * sizeof(float)));
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}

/// <summary>Arrays allocated ahead by <see cref="LargeArrays.Reserve"/>, each handed out once.</summary>
internal sealed class ArrayReservation(List<float[]> arrays)
{
    private readonly Lock _gate = new();

    /// <summary>Arrays not yet handed out.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return arrays.Count;
            }
        }
    }

    /// <summary>A reserved array of <paramref name="length"/>, or null when none is left.</summary>
    public float[]? Take(int length)
    {
        lock (_gate)
        {
            int index = arrays.FindIndex(array => array.Length == length);
            if (index < 0)
            {
                return null;
            }

            float[] array = arrays[index];
            arrays.RemoveAt(index);
            return array;
        }
    }
}
