using KamHp.Tests.Vst3.Native;
using SkiaSharp;

namespace KamHp.Tests.Editor.Host;

// Xlib's int results carry no error information.
#pragma warning disable CA1806

/// <summary>
/// One open editor the way a Linux host shows it: a top-level parent window of the test's own X connection at the
/// screen origin, createView("editor"), setFrame with the test's frame and run loop, attached(parent,
/// "X11EmbedWindowID"). Dispose closes it like a host: removed, setFrame(null), release.
/// </summary>
internal sealed unsafe class EditorSession : IDisposable
{
    public const int ParentWidth = 1100;
    public const int ParentHeight = 760;

    private readonly nint _display;
    private bool _disposed;

    public EditorSession(nint controller, string displayName)
    {
        // XOpenDisplay gives up when its connect() is interrupted by a signal (the runtime's own, while another thread
        // allocates and collects); a host would simply try again.
        for (var attempt = 0; attempt < 20 && _display == 0; attempt++)
        {
            _display = TestX11.XOpenDisplay(displayName);
            if (_display == 0)
            {
                Thread.Sleep(5);
            }
        }

        if (_display == 0)
        {
            throw new InvalidOperationException("Cannot open display " + displayName);
        }

        Parent = TestX11.XCreateSimpleWindow(_display, TestX11.XDefaultRootWindow(_display), 0, 0, ParentWidth, ParentHeight, 0, 0, 0x101010);
        TestX11.XMapWindow(_display, Parent);
        TestX11.XSync(_display, 0);
        View = PlugViewApi.CreateView(controller, "editor");
        if (View == 0)
        {
            throw new InvalidOperationException("createView(\"editor\") returned null.");
        }

        Frame = new HostPlugFrame();
        Assert.Equal(0, PlugViewApi.SetFrame(View, Frame.Pointer));
        Assert.Equal(0, PlugViewApi.IsPlatformTypeSupported(View, "X11EmbedWindowID"));
        Assert.NotEqual(0, PlugViewApi.IsPlatformTypeSupported(View, "HWND"));
        AttachResult = PlugViewApi.Attached(View, Parent, "X11EmbedWindowID");
    }

    public nuint Parent { get; }

    public nint View { get; }

    public HostPlugFrame Frame { get; }

    public int AttachResult { get; }

    public nint Display => _display;

    /// <summary>Grabs a rectangle of the parent window (which shows the editor child) as a BGRA bitmap.</summary>
    public SKBitmap Grab(int width, int height) => ScreenGrab.Grab(_display, Parent, width, height);

    /// <summary>Presses, drags (in steps, pumping the run loop) and releases the left button with XTest.</summary>
    public void Drag(int fromX, int fromY, int toX, int toY, int steps = 10) =>
        XTestPointer.Drag(_display, fromX, fromY, toX, toY, Frame.Pump, steps);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        PlugViewApi.Removed(View);
        PlugViewApi.SetFrame(View, 0);
        PluginApi.Release(View);
        Frame.Release();
        TestX11.XDestroyWindow(_display, Parent);
        TestX11.XSync(_display, 0);
        TestX11.XCloseDisplay(_display);
    }
}
