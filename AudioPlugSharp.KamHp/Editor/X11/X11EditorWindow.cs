using System.Text;

namespace AudioPlugSharp.KamHp.Editor.X11;

// Xlib's int results carry no error information (errors arrive through the error handler, see X11ErrorTrap).
#pragma warning disable CA1806

/// <summary>
/// An <see cref="EditorView"/> in an X11 window, either a child of a host's window (the VST3 editor,
/// <see cref="CreateChild"/>) or a top-level window of its own (<c>kamhp live --gui</c>, <see cref="CreateTopLevel"/>).
/// It has its own X connection, so its events and errors never mix with a host's; whoever drives it (the host's run
/// loop, or the CLI's own loop) watches <see cref="ConnectionFileDescriptor"/> and calls <see cref="ProcessEvents"/>.
/// The view's BGRA pixels are copied with XPutImage (ZPixmap, 32 bits per pixel, which is what 24- and 32-bit
/// TrueColor visuals on little-endian machines use). UI thread only; it starts no thread.
/// </summary>
public sealed unsafe class X11EditorWindow : IPlatformWindow
{
    private const long EventMask = Xlib.ExposureMask | Xlib.ButtonPressMask | Xlib.ButtonReleaseMask | Xlib.PointerMotionMask
        | Xlib.StructureNotifyMask;

    private readonly EditorView _view;
    private readonly nint _display;
    private readonly nuint _window;
    private readonly nint _gc;
    private readonly nint _visual;
    private readonly int _depth;
    private readonly bool _topLevel;
    private readonly nuint _deleteAtom;
    private bool _exposed;
    private bool _disposed;

    private X11EditorWindow(EditorView view, nint display, nuint window, bool topLevel, nuint deleteAtom)
    {
        _view = view;
        _display = display;
        _window = window;
        _topLevel = topLevel;
        _deleteAtom = deleteAtom;
        var screen = Xlib.XDefaultScreen(display);
        _visual = Xlib.XDefaultVisual(display, screen);
        _depth = Xlib.XDefaultDepth(display, screen);
        Xlib.XSelectInput(display, window, (nint)EventMask);
        _gc = Xlib.XCreateGC(display, window, 0, 0);
        Xlib.XMapWindow(display, window);
        Xlib.XFlush(display);
    }

    /// <summary>The X connection's file descriptor, for the driving event loop.</summary>
    public int ConnectionFileDescriptor => Xlib.XConnectionNumber(_display);

    /// <summary>The window id.</summary>
    public nuint WindowId => _window;

    /// <summary>True once the window manager asked a top-level window to close (WM_DELETE_WINDOW).</summary>
    public bool CloseRequested { get; private set; }

    /// <summary>
    /// Opens a connection (DISPLAY) and creates a child of the host's window <paramref name="parent"/> at the view's
    /// size. Null with the reason in <paramref name="failure"/> if X refuses (no display, bad parent window).
    /// </summary>
    public static X11EditorWindow? CreateChild(EditorView view, nuint parent, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(view);
        var display = Open(null);
        if (display == 0)
        {
            failure = "XOpenDisplay failed (no DISPLAY?)";
            return null;
        }

        var window = CreateWindow(display, parent, view);
        if (window == 0)
        {
            failure = "XCreateSimpleWindow failed (bad parent window?)";
            return null;
        }

        failure = null;
        return new X11EditorWindow(view, display, window, topLevel: false, deleteAtom: 0);
    }

    /// <summary>
    /// Opens a connection to <paramref name="displayName"/> (null: DISPLAY) and creates a top-level window titled
    /// <paramref name="title"/> at the view's size, no smaller than the view's minimum, that follows the window's size
    /// when the user resizes it and reports a close request in <see cref="CloseRequested"/>. Null with the reason in
    /// <paramref name="failure"/> if X refuses.
    /// </summary>
    public static X11EditorWindow? CreateTopLevel(EditorView view, string title, string? displayName, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(title);
        var display = Open(displayName);
        if (display == 0)
        {
            failure = $"cannot open the X display '{displayName ?? Environment.GetEnvironmentVariable("DISPLAY") ?? ""}' (is DISPLAY set?)";
            return null;
        }

        var window = CreateWindow(display, Xlib.XDefaultRootWindow(display), view);
        if (window == 0)
        {
            failure = "XCreateSimpleWindow failed";
            return null;
        }

        using var trap = new X11ErrorTrap();
        fixed (byte* name = Encoding.UTF8.GetBytes(title + "\0"))
        {
            Xlib.XStoreName(display, window, name);
        }

        nuint deleteAtom;
        fixed (byte* atomName = "WM_DELETE_WINDOW\0"u8)
        {
            deleteAtom = Xlib.XInternAtom(display, atomName, 0);
        }

        Xlib.XSetWMProtocols(display, window, &deleteAtom, 1);
        var (minWidth, minHeight) = EditorView.MinimumPixelSize(view.ContentScale);
        var hints = new Xlib.XSizeHints { Flags = Xlib.PMinSize, MinWidth = minWidth, MinHeight = minHeight };
        Xlib.XSetWMNormalHints(display, window, &hints);
        failure = null;
        return new X11EditorWindow(view, display, window, topLevel: true, deleteAtom);
    }

    public void SetSize(int pixelWidth, int pixelHeight)
    {
        if (_disposed)
        {
            return;
        }

        using var trap = new X11ErrorTrap();
        Xlib.XResizeWindow(_display, _window, (uint)pixelWidth, (uint)pixelHeight);
        Xlib.XFlush(_display);
    }

    public void ProcessEvents()
    {
        if (_disposed)
        {
            return;
        }

        using var trap = new X11ErrorTrap();
        Xlib.XEvent e;
        while (Xlib.XPending(_display) > 0)
        {
            Xlib.XNextEvent(_display, &e);
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
        var image = Xlib.XCreateImage(_display, _visual, (uint)_depth, Xlib.ZPixmap, 0, _view.Pixels,
            (uint)_view.PixelWidth, (uint)_view.PixelHeight, 32, _view.RowBytes);
        if (image == 0)
        {
            return;
        }

        Xlib.XPutImage(_display, _window, _gc, image, 0, 0, 0, 0, (uint)_view.PixelWidth, (uint)_view.PixelHeight);

        // The pixels belong to the view: free only the XImage header (XDestroyImage would free the data too).
        Xlib.XFree(image);
        Xlib.XFlush(_display);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var trap = new X11ErrorTrap();
        Xlib.XFreeGC(_display, _gc);
        Xlib.XDestroyWindow(_display, _window);
        Xlib.XSync(_display, 1);
        Xlib.XCloseDisplay(_display);
    }

    private static nint Open(string? displayName)
    {
        var name = displayName is null ? null : Encoding.UTF8.GetBytes(displayName + "\0");
        fixed (byte* pointer = name)
        {
            // XOpenDisplay gives up when a signal interrupts its connect(); one more try is what a user would do.
            var display = Xlib.XOpenDisplay(pointer);
            for (var attempt = 0; attempt < 3 && display == 0; attempt++)
            {
                Thread.Sleep(2);
                display = Xlib.XOpenDisplay(pointer);
            }

            return display;
        }
    }

    /// <summary>Creates the window, or closes the connection and returns 0 if X reports an error.</summary>
    private static nuint CreateWindow(nint display, nuint parent, EditorView view)
    {
        using var trap = new X11ErrorTrap();
        var errors = X11ErrorTrap.ErrorCount;
        var window = Xlib.XCreateSimpleWindow(display, parent, 0, 0, (uint)view.PixelWidth, (uint)view.PixelHeight, 0, 0, 0);
        Xlib.XSync(display, 0);
        if (window != 0 && X11ErrorTrap.ErrorCount == errors)
        {
            return window;
        }

        if (window != 0)
        {
            Xlib.XDestroyWindow(display, window);
        }

        Xlib.XCloseDisplay(display);
        return 0;
    }

    private void Dispatch(in Xlib.XEvent e)
    {
        var modifiers = (e.State & (Xlib.ShiftMask | Xlib.ControlMask)) != 0 ? PointerModifiers.Fine : PointerModifiers.None;
        switch (e.Type)
        {
            case Xlib.Expose:
                _exposed = true;
                Present(force: true);
                break;
            case Xlib.ButtonPress when e.Button == 1:
                _view.PointerDown(e.X, e.Y, modifiers, (long)e.Time);
                Present();
                break;
            case Xlib.ButtonPress when e.Button is 4 or 5:
                _view.Wheel(e.X, e.Y, e.Button == 4 ? 1f : -1f, modifiers);
                Present();
                break;
            case Xlib.ButtonRelease when e.Button == 1:
                _view.PointerUp();
                Present();
                break;
            case Xlib.MotionNotify:
                _view.PointerMove(e.X, e.Y, modifiers);
                Present();
                break;

            // A host sizes a child through onSize (the view first, then the window), so only a top-level window follows
            // its own ConfigureNotify: a child's could be a stale size from before the host's latest onSize.
            case Xlib.ConfigureNotify when _topLevel && (e.ConfigureWidth != _view.PixelWidth || e.ConfigureHeight != _view.PixelHeight):
                _view.Resize(e.ConfigureWidth, e.ConfigureHeight);
                Present(force: true);
                break;
            case Xlib.ClientMessage when _topLevel && e.ClientMessageFirstLong == _deleteAtom:
                CloseRequested = true;
                break;
        }
    }
}
