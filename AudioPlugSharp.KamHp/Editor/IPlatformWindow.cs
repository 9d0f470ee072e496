namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// What a platform window does for an <see cref="EditorView"/>: turn native input into view calls and copy the view's
/// pixels to the screen. Implemented for X11 (Editor/X11/X11EditorWindow: a child of a VST3 host's window, or a top-level
/// window for <c>kamhp live --gui</c>); HWND and NSView are planned behind the same contract. UI thread only; the host's
/// event loop (or the CLI's own loop) drives it (no thread of its own).
/// </summary>
public interface IPlatformWindow : IDisposable
{
    /// <summary>Resizes the native window to physical pixels (the view is resized by the caller).</summary>
    void SetSize(int pixelWidth, int pixelHeight);

    /// <summary>Handles every pending native event.</summary>
    void ProcessEvents();

    /// <summary>Renders the view if it changed and copies it to the screen; with <paramref name="force"/> copies anyway.</summary>
    void Present(bool force = false);
}
