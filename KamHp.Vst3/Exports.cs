using System.Runtime.InteropServices;

namespace KamHp.Vst3;

/// <summary>
/// The module's C exports. Linux hosts require GetPluginFactory, ModuleEntry and ModuleExit; Windows looks for
/// InitDll/ExitDll and macOS for bundleEntry/bundleExit (both optional there), so all are exported from one source.
/// </summary>
internal static class Exports
{
#pragma warning disable CA1031 // an exception escaping an export would abort the host
    [UnmanagedCallersOnly(EntryPoint = "GetPluginFactory")]
    private static nint GetPluginFactory()
    {
        try
        {
            return PluginFactory.Acquire();
        }
        catch (Exception)
        {
            return 0;
        }
    }
#pragma warning restore CA1031

    // Nothing to set up or tear down: the runtime initialises itself, and with -z nodelete the module is never unmapped.
    [UnmanagedCallersOnly(EntryPoint = "ModuleEntry")]
    private static byte ModuleEntry(nint sharedLibraryHandle) => 1;

    [UnmanagedCallersOnly(EntryPoint = "ModuleExit")]
    private static byte ModuleExit() => 1;

    [UnmanagedCallersOnly(EntryPoint = "InitDll")]
    private static byte InitDll() => 1;

    [UnmanagedCallersOnly(EntryPoint = "ExitDll")]
    private static byte ExitDll() => 1;

    [UnmanagedCallersOnly(EntryPoint = "bundleEntry")]
    private static byte BundleEntry(nint bundle) => 1;

    [UnmanagedCallersOnly(EntryPoint = "bundleExit")]
    private static byte BundleExit() => 1;
}
