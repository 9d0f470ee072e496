using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KamHp.Dsp.Offline;

/// <summary>
/// The offline separator's excerpt-sized arrays (the kept spectrum, the kept powers): on Linux pinned, started at a
/// 2 MiB boundary and advised to use transparent huge pages over their whole length, so that writing tens of
/// megabytes of fresh memory costs a fault per 2 MiB instead of one per 4 KiB. Advisory: where the kernel does not
/// support or allow it, nothing changes but the alignment.
/// </summary>
/// <remarks>
/// In a virtual machine each small fault costs several microseconds, and more when both workers write the same small
/// page (each takes half of a row, and rows do not start at page boundaries): a profile of a 16 s separation showed
/// faults, page-table lock contention and the TLB-flush interrupts they trigger at about 6 % of the CPU time, from
/// the parts of arrays outside their huge-page-aligned interior (an unaligned 5.6 MB array had only 2-4 MB of it).
/// Aligning costs up to 4 MiB of address space per array and at most one partly used huge page of memory.
/// </remarks>
internal static partial class LargeArrays
{
    private const long HugePageBytes = 2L << 20;
    private const int HugePageFloats = (int)(HugePageBytes / sizeof(float));
    private const int MadvHugePage = 14;

    /// <summary>A zeroed block of <paramref name="length"/> floats, huge-page aligned and advised when it spans some.</summary>
    public static AlignedFloats Allocate(int length)
    {
        if (!OperatingSystem.IsLinux() || (long)length * sizeof(float) < 2 * HugePageBytes)
        {
            return new AlignedFloats(new float[length], 0, length);
        }

        // Room to start at the next 2 MiB boundary and to end at one (the last huge page is whole).
        int rounded = (int)Math.Min(int.MaxValue - HugePageFloats, ((long)length + HugePageFloats - 1) / HugePageFloats * HugePageFloats);
        float[] array = GC.AllocateArray<float>(rounded + HugePageFloats, pinned: true);
        unsafe
        {
            long address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            long start = (address + HugePageBytes - 1) / HugePageBytes * HugePageBytes;
            _ = Madvise((nint)start, (nuint)((long)rounded * sizeof(float)), MadvHugePage);
            return new AlignedFloats(array, (int)((start - address) / sizeof(float)), length);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}

/// <summary>A run of <see cref="Length"/> floats inside a (pinned) array, from <see cref="Offset"/> on.</summary>
internal readonly struct AlignedFloats(float[] array, int offset, int length)
{
    /// <summary>Where the run starts in the array.</summary>
    public int Offset { get; } = offset;

    /// <summary>Floats in the run.</summary>
    public int Length { get; } = length;

    /// <summary>The whole run.</summary>
    public Span<float> Span => array.AsSpan(Offset, Length);

    /// <summary><paramref name="count"/> floats from <paramref name="start"/> of the run.</summary>
    public Span<float> Slice(int start, int count) => array.AsSpan(Offset, Length).Slice(start, count);
}
