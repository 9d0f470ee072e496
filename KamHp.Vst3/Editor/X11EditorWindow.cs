using AudioPlugSharp.KamHp.Editor;

namespace KamHp.Vst3.Editor;

// Xlib's int results carry no error information (errors arrive through the error handler, see X11ErrorTrap).
#pragma warning disable CA1806

/// <summary>
/// The editor as a child window of the host's X11 window. It has its own X connection (so its events and errors never
/// mix with the host's); the host's run loop watches <see cref="ConnectionFileDescriptor"/> and calls
/// <see cref="ProcessEvents"/>. The view's BGRA pixels are copied with XPutImage (ZPixmap, 32 bits per pixel, which
/// is what 24- and 32-bit TrueColor visuals on little-endian machines use). UI thread only.
/// </summary>
internal sealed unsafe class X11EditorWindow : IPlatformWindow
{
    private const long EventMask = X11.ExposureMask | X11.ButtonPressMask | X11.ButtonReleaseMask | X11.PointerMotionMask
        | X11.StructureNotifyMask;

    private readonly EditorView _view;
    private readonly nint _display;
    private readonly nuint _window;
    private readonly nint _gc;
    private readonly nint _visual;
    private readonly int _depth;
    private bool _exposed;
    private bool _disposed;

    private X11EditorWindow(EditorView view, nint display, nuint window, nint gc, nint visual, int depth)
    {
        _view = view;
        _display = display;
        _window = window;
        _gc = gc;
        _visual = visual;
        _depth = depth;
    }

    /// <summary>The X connection's file descriptor, for the host's run loop.</summary>
    public int ConnectionFileDescriptor => X11.XConnectionNumber(_display);

    /// <summary>The child window id.</summary>
    public nuint WindowId => _window;

    /// <summary>Opens a connection and creates a child of <paramref name="parent"/> at the view's size; null if X refuses.</summary>
    public static X11EditorWindow? Create(EditorView view, nuint parent)
    {
        // XOpenDisplay gives up when a signal interrupts its connect(); one more try is what a user would do.
        var display = X11.XOpenDisplay(null);
        for (var attempt = 0; attempt < 3 && display == 0; attempt++)
        {
            Thread.Sleep(2);
            display = X11.XOpenDisplay(null);
        }

        if (display == 0)
        {
            Diagnostics.Trace("editor: XOpenDisplay failed (no DISPLAY?)");
            return null;
        }

        using var trap = new X11ErrorTrap();
        var errors = X11ErrorTrap.ErrorCount;
        var screen = X11.XDefaultScreen(display);
        var window = X11.XCreateSimpleWindow(display, parent, 0, 0, (uint)view.PixelWidth, (uint)view.PixelHeight, 0, 0, 0);
        X11.XSync(display, 0);
        if (window == 0 || X11ErrorTrap.ErrorCount != errors)
        {
            Diagnostics.Trace("editor: XCreateSimpleWindow failed (bad parent window?)");
            if (window != 0)
            {
                X11.XDestroyWindow(display, window);
            }

            X11.XCloseDisplay(display);
            return null;
        }

        X11.XSelectInput(display, window, (nint)EventMask);
        var gc = X11.XCreateGC(display, window, 0, 0);
        X11.XMapWindow(display, window);
        X11.XFlush(display);
        return new X11EditorWindow(view, display, window, gc, X11.XDefaultVisual(display, screen), X11.XDefaultDepth(display, screen));
    }

    public void SetSize(int pixelWidth, int pixelHeight)
    {
        if (_disposed)
        {
            return;
        }

        using var trap = new X11ErrorTrap();
        X11.XResizeWindow(_display, _window, (uint)pixelWidth, (uint)pixelHeight);
        X11.XFlush(_display);
    }

    public void ProcessEvents()
    {
        if (_disposed)
        {
            return;
        }

        using var trap = new X11ErrorTrap();
        X11.XEvent e;
        while (X11.XPending(_display) > 0)
        {
            X11.XNextEvent(_display, &e);
            Dispatch(e);
        }
    }

    public void Present(bool force = false)
    {
        if (_disposed || !_exposed || (!force && !_view.NeedsRender))
        {
            return;
        }

        if (_view.NeedsRender)
        {
            _view.Render();
        }

        if (_depth < 24)
        {
            return;
        }

        using var trap = new X11ErrorTrap();
        var image = X11.XCreateImage(_display, _visual, (uint)_depth, X11.ZPixmap, 0, _view.Pixels,
            (uint)_view.PixelWidth, (uint)_view.PixelHeight, 32, _view.RowBytes);
        if (image == 0)
        {
            return;
        }

        X11.XPutImage(_display, _window, _gc, image, 0, 0, 0, 0, (uint)_view.PixelWidth, (uint)_view.PixelHeight);

        // The pixels belong to the view: free only the XImage header (XDestroyImage would free the data too).
        X11.XFree(image);
        X11.XFlush(_display);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var trap = new X11ErrorTrap();
        X11.XFreeGC(_display, _gc);
        X11.XDestroyWindow(_display, _window);
        X11.XSync(_display, 1);
        X11.XCloseDisplay(_display);
    }

    private void Dispatch(in X11.XEvent e)
    {
        var modifiers = (e.State & (X11.ShiftMask | X11.ControlMask)) != 0 ? PointerModifiers.Fine : PointerModifiers.None;
        switch (e.Type)
        {
            case X11.Expose:
                _exposed = true;
                Present(force: true);
                break;
            case X11.ButtonPress when e.Button == 1:
                _view.PointerDown(e.X, e.Y, modifiers, (long)e.Time);
                Present();
                break;
            case X11.ButtonPress when e.Button is 4 or 5:
                _view.Wheel(e.X, e.Y, e.Button == 4 ? 1f : -1f, modifiers);
                Present();
                break;
            case X11.ButtonRelease when e.Button == 1:
                _view.PointerUp();
                Present();
                break;
            case X11.MotionNotify:
                _view.PointerMove(e.X, e.Y, modifiers);
                Present();
                break;
        }
    }
}
