using System.Runtime.InteropServices;

namespace KamHp.Tests.Editor.Host;

/// <summary>The X11 calls the host-like test makes: its own parent window, screen grabs, synthetic input (XTest).</summary>
internal static unsafe partial class TestX11
{
    private const string X11 = "libX11.so.6";
    private const string Xtst = "libXtst.so.6";

    [LibraryImport(X11, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint XOpenDisplay(string name);

    [LibraryImport(X11)]
    public static partial int XCloseDisplay(nint display);

    [LibraryImport(X11)]
    public static partial nuint XDefaultRootWindow(nint display);

    [LibraryImport(X11)]
    public static partial nuint XCreateSimpleWindow(nint display, nuint parent, int x, int y, uint width, uint height,
        uint borderWidth, nuint border, nuint background);

    [LibraryImport(X11)]
    public static partial int XMapWindow(nint display, nuint window);

    [LibraryImport(X11)]
    public static partial int XDestroyWindow(nint display, nuint window);

    [LibraryImport(X11)]
    public static partial int XSync(nint display, int discard);

    [LibraryImport(X11)]
    public static partial nint XGetImage(nint display, nuint drawable, int x, int y, uint width, uint height, nuint planeMask, int format);

    [LibraryImport(X11)]
    public static partial nuint XGetPixel(nint image, int x, int y);

    [LibraryImport(X11)]
    public static partial int XDestroyImage(nint image);

    [LibraryImport(X11, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nuint XInternAtom(nint display, string name, int onlyIfExists);

    [LibraryImport(X11)]
    public static partial int XSendEvent(nint display, nuint window, int propagate, nint eventMask, long* xevent);

    [LibraryImport(X11)]
    public static partial int XFlush(nint display);

    [LibraryImport(X11)]
    public static partial int XGetGeometry(nint display, nuint drawable, nuint* root, int* x, int* y, uint* width, uint* height,
        uint* borderWidth, uint* depth);

    [LibraryImport(X11)]
    public static partial int XResizeWindow(nint display, nuint window, uint width, uint height);

    [LibraryImport(Xtst)]
    public static partial int XTestFakeMotionEvent(nint display, int screen, int x, int y, nuint delay);

    [LibraryImport(Xtst)]
    public static partial int XTestFakeButtonEvent(nint display, uint button, int isPress, nuint delay);

    [LibraryImport("libc", EntryPoint = "poll")]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }
}
