using System.Runtime.InteropServices;

namespace KamHp.Dsp;

/// <summary>
/// Allocates the engine's large buffers with every memory page already written once, so that the operating system
/// commits them at allocation (in <see cref="KamHpEngine.Prepare"/>) instead of on the audio thread.
/// </summary>
/// <remarks>
/// The runtime takes fresh memory from the OS, which maps a page only when it is first written. The engine allocates
/// its worst case (10 iterations, the longest look-ahead, the Instant mode's rings) but a configuration reaches only
/// part of it, so without this the first switch to a larger configuration page-faults on the audio thread and the
/// resident memory grows, for hours, each time the automation reaches a configuration for the first time (issue 15:
/// +13 MB after the first minute of a soak while the managed heap stayed flat). Writing one element per page costs
/// about 12,000 stores for the engine's ~50 MB.
/// </remarks>
internal static class ResidentArray
{
    /// <summary>A zeroed array of <paramref name="length"/> elements whose pages are resident.</summary>
    /// <param name="length">Elements, 0 or more.</param>
    public static T[] Allocate<T>(int length)
        where T : unmanaged
    {
        var array = new T[length];
        var bytes = MemoryMarshal.AsBytes(array.AsSpan());
        int page = Environment.SystemPageSize;
        for (int i = 0; i < bytes.Length; i += page)
        {
            bytes[i] = 0;   // already zero: the store only makes the OS commit the page now
        }

        return array;
    }
}
