using System.Runtime.InteropServices;

namespace KamHp.Vst3;

/// <summary>
/// One diagnostic C export for soak tools and host-like tests (issue 15): the plug-in's managed heap lives in its own
/// NativeAOT runtime inside the host's process, invisible to the host's tools. No host calls it.
/// </summary>
internal static class MemoryDiagnostics
{
#pragma warning disable CA1031 // an exception escaping an export would abort the host
    /// <summary>
    /// One figure of the plug-in's runtime, in bytes: <paramref name="what"/> 0 = managed heap now (garbage included),
    /// 1 = managed heap after a full blocking collection (which pauses every thread of the plug-in's runtime: diagnostics
    /// only), 2 = bytes allocated since the runtime started, all threads. -1 on failure or an unknown figure.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "KamHpManagedMemory")]
    private static long ManagedMemory(int what)
    {
        try
        {
            switch (what)
            {
                case 0:
                    return GC.GetTotalMemory(false);
                case 1:
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    return GC.GetTotalMemory(false);
                case 2:
                    return GC.GetTotalAllocatedBytes(precise: true);
                default:
                    return -1;
            }
        }
        catch (Exception)
        {
            return -1;
        }
    }
#pragma warning restore CA1031
}
