using System.Runtime.InteropServices;

namespace AudioPlugSharp.KamHp.Editor.X11;

/// <summary>
/// Xlib's default error handler exits the process, so an X error on our connection (say the host destroyed the parent
/// window first) would kill the host. While the editor talks to X it installs a handler that only counts the error,
/// and puts the host's handler back afterwards. Errors on our own connection are delivered only inside our own calls
/// (same thread, our Display), so the host's handler sees none of ours and we none of its.
/// </summary>
internal readonly unsafe ref struct X11ErrorTrap
{
    private static int s_errors;
    private readonly nint _previous;

    public X11ErrorTrap() => _previous = Xlib.XSetErrorHandler((nint)(delegate* unmanaged<nint, nint, int>)&OnError);

    /// <summary>X errors trapped so far in this process (diagnostics and tests).</summary>
    public static int ErrorCount => Volatile.Read(ref s_errors);

    public void Dispose() => Xlib.XSetErrorHandler(_previous);

    [UnmanagedCallersOnly]
    private static int OnError(nint display, nint errorEvent)
    {
        Interlocked.Increment(ref s_errors);
        return 0;
    }
}
