using System.Runtime.InteropServices;

namespace KamHp.Cli;

/// <summary>
/// Which file a path really names, so two paths can be compared whatever symlinks or hard links lie between them:
/// device and inode on Linux (<c>stat(2)</c>, which follows symlinks), the fully resolved path elsewhere.
/// </summary>
internal readonly partial record struct FileIdentity(ulong Device, ulong Inode, string? ResolvedPath)
{
    /// <summary>The identity of an existing file, or null when nothing exists at <paramref name="path"/>.</summary>
    public static FileIdentity? Of(string path)
    {
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
        {
            // struct stat on x86-64 and arm64 Linux: st_dev (u64) at offset 0, st_ino (u64) at offset 8.
            Span<ulong> buffer = stackalloc ulong[32];
            try
            {
                if (Stat(path, ref MemoryMarshal.GetReference(buffer)) == 0)
                {
                    return new FileIdentity(buffer[0], buffer[1], null);
                }

                return null;
            }
            catch (EntryPointNotFoundException)
            {
                // glibc before 2.33 exports only __xstat: fall through to path comparison.
            }
        }

        if (!File.Exists(path))
        {
            return null;
        }

        FileSystemInfo? target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
        return new FileIdentity(0, 0, Path.GetFullPath(target?.FullName ?? path));
    }

    /// <summary>True when both paths name the same existing file.</summary>
    public static bool Same(string first, string second) => Of(first) is { } a && Of(second) is { } b && a.Equals(b);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref ulong buffer);
}
