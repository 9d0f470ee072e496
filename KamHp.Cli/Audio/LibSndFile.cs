using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KamHp.Cli.Audio;

/// <summary>
/// The few libsndfile entry points KamHp uses (libsndfile 1.x, <c>sndfile.h</c>): open a file or a virtual stream,
/// read and write frames, close, and the last error. Everything else about libsndfile stays in
/// <see cref="SndFileReader"/> and <see cref="FlacFileWriter"/>.
/// </summary>
/// <remarks>
/// libsndfile is loaded on first use, not at start-up, so WAV files (read by <see cref="WavFile"/>) need no library.
/// When it is missing <see cref="IsAvailable"/> is false and the callers print one line naming the package.
/// </remarks>
internal static unsafe partial class LibSndFile
{
    public const string LibraryName = "sndfile";

    /// <summary>The Debian/Ubuntu package that holds the library, named in the message when it is missing.</summary>
    public const string PackageName = "libsndfile1";

    public const int ModeRead = 0x10;
    public const int ModeWrite = 0x20;

    public const int TypeMask = 0x0FFF0000;
    public const int SubtypeMask = 0x0000FFFF;

    public const int FormatWav = 0x010000;
    public const int FormatAiff = 0x020000;
    public const int FormatW64 = 0x0B0000;
    public const int FormatWavEx = 0x130000;
    public const int FormatFlac = 0x170000;
    public const int FormatOgg = 0x200000;
    public const int FormatRf64 = 0x220000;
    public const int FormatMpeg = 0x230000;

    public const int SubtypePcmS8 = 0x0001;
    public const int SubtypePcm16 = 0x0002;
    public const int SubtypePcm24 = 0x0003;
    public const int SubtypePcm32 = 0x0004;
    public const int SubtypePcmU8 = 0x0005;

    private static readonly Lazy<bool> s_available = new(Probe);

    static LibSndFile()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibSndFile).Assembly, Resolve);
    }

    /// <summary>True when libsndfile could be loaded.</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>The one line shown when a file needs libsndfile and it is not installed.</summary>
    public static string MissingMessage(string what) =>
        $"{what} needs libsndfile, which is not installed (Debian/Ubuntu: sudo apt-get install {PackageName}; WAV works without it)";

    [LibraryImport(LibraryName, EntryPoint = "sf_open", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint Open(string path, int mode, ref SfInfo info);

    [LibraryImport(LibraryName, EntryPoint = "sf_open_virtual")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint OpenVirtual(VirtualIo* io, int mode, ref SfInfo info, nint userData);

    [LibraryImport(LibraryName, EntryPoint = "sf_close")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Close(nint file);

    [LibraryImport(LibraryName, EntryPoint = "sf_readf_float")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial long ReadFramesFloat(nint file, float* destination, long frames);

    [LibraryImport(LibraryName, EntryPoint = "sf_readf_int")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial long ReadFramesInt(nint file, int* destination, long frames);

    [LibraryImport(LibraryName, EntryPoint = "sf_writef_int")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial long WriteFramesInt(nint file, int* source, long frames);

    [LibraryImport(LibraryName, EntryPoint = "sf_error")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Error(nint file);

    [LibraryImport(LibraryName, EntryPoint = "sf_strerror")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial nint StrError(nint file);

    [LibraryImport(LibraryName, EntryPoint = "sf_version_string")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial nint VersionString();

    /// <summary>libsndfile's message for the last error of <paramref name="file"/> (or of the last failed open when 0).</summary>
    public static string LastError(nint file) => Marshal.PtrToStringUTF8(StrError(file))?.ReplaceLineEndings(" ").Trim() ?? "unknown error";

    private static bool Probe()
    {
        try
        {
            return VersionString() != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Finds the library under its versioned name on each system (no unversioned .so without the -dev package).</summary>
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName)
        {
            return 0;
        }

        string[] candidates = OperatingSystem.IsWindows() ? ["sndfile.dll", "libsndfile-1.dll"]
            : OperatingSystem.IsMacOS() ? ["libsndfile.1.dylib", "libsndfile.dylib", "/opt/homebrew/lib/libsndfile.1.dylib", "/usr/local/lib/libsndfile.1.dylib"]
            : ["libsndfile.so.1", "libsndfile.so"];
        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out nint handle))
            {
                return handle;
            }
        }

        return 0;
    }

    /// <summary><c>SF_INFO</c>: frames (sf_count_t), sample rate, channels, format, sections, seekable.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SfInfo
    {
        public long Frames;
        public int SampleRate;
        public int Channels;
        public int Format;
        public int Sections;
        public int Seekable;
    }

    /// <summary><c>SF_VIRTUAL_IO</c>: get_filelen, seek, read, write, tell (all cdecl, user data last).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct VirtualIo
    {
        public delegate* unmanaged[Cdecl]<nint, long> GetLength;
        public delegate* unmanaged[Cdecl]<long, int, nint, long> Seek;
        public delegate* unmanaged[Cdecl]<void*, long, nint, long> Read;
        public delegate* unmanaged[Cdecl]<void*, long, nint, long> Write;
        public delegate* unmanaged[Cdecl]<nint, long> Tell;
    }
}
