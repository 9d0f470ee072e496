using System.Globalization;

namespace KamHp.Cli.Audio;

/// <summary>
/// The hidden temporary files outputs are written to before they are renamed into place:
/// <c>.&lt;name&gt;.&lt;pid&gt;.&lt;random&gt;.tmp</c> next to the destination (so the rename stays on one file system).
/// </summary>
/// <remarks>
/// Every temporary this process creates is registered until it is renamed or deleted, so a signal handler can delete
/// them all (<see cref="DeleteAll"/>). The process id in the name lets a later run tell a temporary left by a killed
/// run (its process is gone) from one a concurrent run is still writing (<see cref="RemoveStale"/>).
/// </remarks>
internal static class TemporaryFiles
{
    private static readonly HashSet<string> s_live = [];
    private static readonly Lock s_lock = new();

    /// <summary>A new, registered temporary path for <paramref name="destination"/>.</summary>
    public static string Create(string destination)
    {
        string full = Path.GetFullPath(destination);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{destination} has no folder", nameof(destination));
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        lock (s_lock)
        {
            s_live.Add(path);
        }

        return path;
    }

    /// <summary>Forgets a temporary that was renamed into place or deleted.</summary>
    public static void Release(string path)
    {
        lock (s_lock)
        {
            s_live.Remove(path);
        }
    }

    /// <summary>Deletes a temporary (best effort) and forgets it.</summary>
    public static void Delete(string path)
    {
        TryDelete(path);
        Release(path);
    }

    /// <summary>Deletes every registered temporary (on SIGINT/SIGTERM); safe from any thread.</summary>
    public static void DeleteAll()
    {
        string[] paths;
        lock (s_lock)
        {
            paths = [.. s_live];
            s_live.Clear();
        }

        foreach (string path in paths)
        {
            TryDelete(path);
        }
    }

    /// <summary>
    /// Deletes temporaries of <paramref name="destination"/> left by runs that were killed (their process is gone,
    /// or they predate process ids in the name). Returns how many were removed.
    /// </summary>
    public static int RemoveStale(string destination)
    {
        string full = Path.GetFullPath(destination);
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            return 0;
        }

        string prefix = $".{Path.GetFileName(full)}.";
        int removed = 0;
        foreach (string candidate in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
        {
            string middle = Path.GetFileName(candidate)[prefix.Length..^".tmp".Length];
            string[] parts = middle.Split('.');
            bool ours = parts.Length switch
            {
                1 => parts[0].Length == 32 && IsHex(parts[0]),                       // .name.<guid>.tmp (older runs)
                2 => parts[1].Length == 32 && IsHex(parts[1]) && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _),
                _ => false,
            };
            if (ours && (parts.Length == 1 || !IsRunning(int.Parse(parts[0], CultureInfo.InvariantCulture))))
            {
                if (TryDelete(candidate))
                {
                    removed++;
                }
            }
        }

        return removed;
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId)
        {
            return true;
        }

        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{processId}");
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary is hidden and named as such; the original error matters more.
            return false;
        }
    }
}
