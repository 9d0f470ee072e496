using System.Runtime.InteropServices;

namespace KamHp.Cli.Audio;

/// <summary>
/// Has a second thread map the pages of fresh, pinned arrays (Linux: madvise MADV_POPULATE_WRITE, which maps them
/// writable without changing a byte) from their ends backwards, while the caller fills them from their starts: the
/// page faults of a whole-file read (one per 4 KiB, each with the page's zeroing by the kernel, about 1400 for 16 s of
/// stereo) are shared between two cores instead of all being taken by the decoding thread.
/// </summary>
/// <remarks>
/// Advisory: where the call is not supported (older kernels, other systems) nothing happens and the decoder takes the
/// faults as before. The arrays must be pinned (they are handed to the kernel by address) and stay alive until
/// <see cref="Dispose"/>, which stops the thread between two chunks and waits for it.
/// </remarks>
internal sealed partial class PagePrefault : IDisposable
{
    private const int ChunkBytes = 256 << 10;
    private const int MadvPopulateWrite = 23;

    private readonly float[][] _arrays;
    private readonly Thread? _thread;
    private volatile bool _stop;

    private PagePrefault(float[][] arrays)
    {
        _arrays = arrays;
        _thread = new Thread(Run) { IsBackground = true, Name = "kamhp prefault" };
        _thread.Start();
    }

    private PagePrefault()
    {
        _arrays = [];
    }

    /// <summary>Starts mapping <paramref name="arrays"/> (each allocated pinned) when that is worth a thread: Linux, over 1 MiB in all.</summary>
    public static PagePrefault Start(float[][] arrays) =>
        OperatingSystem.IsLinux() && arrays.Sum(a => (long)a.Length) * sizeof(float) > 1 << 20 ? new PagePrefault(arrays) : new PagePrefault();

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop = true;
        _thread?.Join();
    }

    private void Run()
    {
        long page = Environment.SystemPageSize;
        var handles = _arrays.Select(a => GCHandle.Alloc(a, GCHandleType.Pinned)).ToArray();
        try
        {
            // Whole pages inside each array only (the pages at its ends may hold other objects), the arrays in step,
            // chunk by chunk from the end, as the decoder fills them in step from the start.
            var starts = new long[_arrays.Length];
            var ends = new long[_arrays.Length];
            for (int i = 0; i < _arrays.Length; i++)
            {
                long address = handles[i].AddrOfPinnedObject();
                starts[i] = (address + page - 1) / page * page;
                ends[i] = (address + ((long)_arrays[i].Length * sizeof(float))) / page * page;
            }

            for (long back = 0; !_stop; back += ChunkBytes)
            {
                bool any = false;
                for (int i = 0; i < _arrays.Length && !_stop; i++)
                {
                    long to = ends[i] - back;
                    long from = Math.Max(starts[i], to - ChunkBytes);
                    if (to <= from)
                    {
                        continue;
                    }

                    any = true;
                    if (Madvise((nint)from, (nuint)(to - from), MadvPopulateWrite) != 0)
                    {
                        return;   // not supported here: the decoder takes the faults
                    }
                }

                if (!any)
                {
                    return;
                }
            }
        }
        finally
        {
            foreach (GCHandle handle in handles)
            {
                handle.Free();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
