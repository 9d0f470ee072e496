using System.Globalization;

namespace KamHp.Cli.Soak;

/// <summary>This process's resident memory (Linux /proc/self/statm; 0 elsewhere) and managed heap figures.</summary>
internal static class MemoryProbe
{
    /// <summary>Resident set size in bytes.</summary>
    public static long ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Managed heap in bytes after a full, compacting collection.</summary>
    public static long ManagedBytesAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(false);
    }
}
