using System.Runtime.InteropServices;

namespace KamHp.Tests.Vst3.Native;

/// <summary>A VST3 module loaded the way SDK hosts do on Linux: dlopen, ModuleEntry, GetPluginFactory; and back.</summary>
internal sealed unsafe class LoadedModule : IDisposable
{
    private readonly delegate* unmanaged<byte> _moduleExit;
    private bool _disposed;

    private LoadedModule(string path)
    {
        Handle = NativeLibrary.Load(path);
        var entry = (delegate* unmanaged<nint, byte>)NativeLibrary.GetExport(Handle, "ModuleEntry");
        _moduleExit = (delegate* unmanaged<byte>)NativeLibrary.GetExport(Handle, "ModuleExit");
        var getFactory = (delegate* unmanaged<nint>)NativeLibrary.GetExport(Handle, "GetPluginFactory");
        EntryResult = entry(Handle);
        Factory = getFactory();
    }

    public nint Handle { get; }

    /// <summary>IPluginFactory pointer, one reference owned by this module object.</summary>
    public nint Factory { get; }

    public byte EntryResult { get; }

    public byte ExitResult { get; private set; }

    public static LoadedModule Load(string path) => new(path);

    /// <summary>Releases the factory, calls ModuleExit and unloads (dlclose).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Factory != 0)
        {
            PluginApi.Release(Factory);
        }

        ExitResult = _moduleExit();
        NativeLibrary.Free(Handle);
    }
}
