using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KamHp.Dsp.Offline;

/// <summary>
/// The offline separator's excerpt-sized arrays (the kept spectrum, the kept powers): pinned, and on Linux advised to
/// use transparent huge pages, so that writing tens of megabytes of fresh memory costs a fault per 2 MiB instead of
/// one per 4 KiB (in a virtual machine each small fault is several microseconds: the spectrum of 16 s took ~10 ms of
/// faults on two cores). Advisory: where the kernel does not support or allow it, nothing changes.
/// </summary>
internal static partial class LargeArrays
{
    private const long HugePageBytes = 2L << 20;
    private const int MadvHugePage = 14;

    /// <summary>A zeroed float array of <paramref name="length"/> elements, huge pages advised when it spans some.</summary>
    public static float[] Allocate(int length)
    {
        if (!OperatingSystem.IsLinux() || (long)length * sizeof(float) < 2 * HugePageBytes)
        {
            return new float[length];
        }

        float[] array = GC.AllocateArray<float>(length, pinned: true);
        unsafe
        {
            long address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            long from = (address + HugePageBytes - 1) / HugePageBytes * HugePageBytes;
            long to = (address + ((long)length * sizeof(float))) / HugePageBytes * HugePageBytes;
            if (to > from)
            {
                _ = Madvise((nint)from, (nuint)(to - from), MadvHugePage);
            }
        }

        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
