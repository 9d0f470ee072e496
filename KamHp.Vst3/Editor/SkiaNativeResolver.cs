using System.Runtime.InteropServices;
using SkiaSharp;

namespace KamHp.Vst3.Editor;

/// <summary>
/// Makes SkiaSharp load libSkiaSharp.so from the bundle folder next to KamHp.so. Inside a host, the default search
/// looks next to the host's executable (AppContext.BaseDirectory is the host's folder under NativeAOT), where it is not.
/// Our own path comes from dladdr on one of our functions. Installed before the first editor opens.
/// </summary>
internal static unsafe partial class SkiaNativeResolver
{
    private const string SkiaLibrary = "libSkiaSharp";
    private static int s_installed;

    public static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref s_installed, 1) != 0)
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SKCanvas).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set (an embedding application may set its own): keep it.
        }
    }

    /// <summary>The folder holding this module's shared library, or null when running as managed code (tests).</summary>
    public static string? ModuleFolder()
    {
        DlInfo info;
        if (DlAddr((nint)(delegate* unmanaged<int>)&Anchor, &info) == 0 || info.FileName == 0)
        {
            return null;
        }

        return Path.GetDirectoryName(Marshal.PtrToStringUTF8(info.FileName));
    }

    private static nint Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? path)
    {
        if (name != SkiaLibrary || ModuleFolder() is not { } folder)
        {
            return 0;
        }

        return NativeLibrary.TryLoad(Path.Combine(folder, "libSkiaSharp.so"), out var handle) ? handle : 0;
    }

    [UnmanagedCallersOnly]
    private static int Anchor() => 0;

    [LibraryImport("libc", EntryPoint = "dladdr")]
    private static partial int DlAddr(nint address, DlInfo* info);

    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public nint FileName;
        public nint BaseAddress;
        public nint SymbolName;
        public nint SymbolAddress;
    }
}
