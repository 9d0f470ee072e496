using System.Runtime.InteropServices;

namespace AudioPlugSharp.KamHp.Editor.X11;

/// <summary>
/// The few Xlib calls the editor window needs (libX11.so.6, present on every Linux desktop). Types: Display* and XImage*
/// are pointers, Window/GC ids are unsigned long (64-bit on x86_64 Linux). Event layouts are the x86_64 ones.
/// </summary>
internal static unsafe partial class Xlib
{
    public const string Library = "libX11.so.6";

    public const long KeyPressMask = 1L << 0;
    public const long ButtonPressMask = 1L << 2;
    public const long ButtonReleaseMask = 1L << 3;
    public const long PointerMotionMask = 1L << 6;
    public const long ExposureMask = 1L << 15;
    public const long StructureNotifyMask = 1L << 17;

    public const int ButtonPress = 4;
    public const int ButtonRelease = 5;
    public const int MotionNotify = 6;
    public const int Expose = 12;
    public const int ConfigureNotify = 22;
    public const int ClientMessage = 33;

    /// <summary>XSizeHints.flags bit: the minimum size is set.</summary>
    public const long PMinSize = 1L << 4;

    public const uint ShiftMask = 1;
    public const uint ControlMask = 4;

    public const int ZPixmap = 2;

    [LibraryImport(Library)]
    public static partial nint XOpenDisplay(byte* name);

    [LibraryImport(Library)]
    public static partial int XCloseDisplay(nint display);

    [LibraryImport(Library)]
    public static partial int XConnectionNumber(nint display);

    [LibraryImport(Library)]
    public static partial int XDefaultScreen(nint display);

    [LibraryImport(Library)]
    public static partial nint XDefaultVisual(nint display, int screen);

    [LibraryImport(Library)]
    public static partial int XDefaultDepth(nint display, int screen);

    [LibraryImport(Library)]
    public static partial nuint XDefaultRootWindow(nint display);

    [LibraryImport(Library)]
    public static partial nuint XCreateSimpleWindow(nint display, nuint parent, int x, int y, uint width, uint height,
        uint borderWidth, nuint border, nuint background);

    [LibraryImport(Library)]
    public static partial int XDestroyWindow(nint display, nuint window);

    [LibraryImport(Library)]
    public static partial int XSelectInput(nint display, nuint window, nint eventMask);

    [LibraryImport(Library)]
    public static partial int XMapWindow(nint display, nuint window);

    [LibraryImport(Library)]
    public static partial int XResizeWindow(nint display, nuint window, uint width, uint height);

    [LibraryImport(Library)]
    public static partial nint XCreateGC(nint display, nuint drawable, nuint valueMask, nint values);

    [LibraryImport(Library)]
    public static partial int XFreeGC(nint display, nint gc);

    [LibraryImport(Library)]
    public static partial nint XCreateImage(nint display, nint visual, uint depth, int format, int offset, nint data,
        uint width, uint height, int bitmapPad, int bytesPerLine);

    [LibraryImport(Library)]
    public static partial int XPutImage(nint display, nuint drawable, nint gc, nint image, int sourceX, int sourceY,
        int destinationX, int destinationY, uint width, uint height);

    [LibraryImport(Library)]
    public static partial int XFree(nint data);

    [LibraryImport(Library)]
    public static partial int XPending(nint display);

    [LibraryImport(Library)]
    public static partial int XNextEvent(nint display, XEvent* eventReturn);

    [LibraryImport(Library)]
    public static partial int XFlush(nint display);

    [LibraryImport(Library)]
    public static partial int XSync(nint display, int discard);

    [LibraryImport(Library)]
    public static partial nint XSetErrorHandler(nint handler);

    [LibraryImport(Library)]
    public static partial int XStoreName(nint display, nuint window, byte* name);

    [LibraryImport(Library)]
    public static partial nuint XInternAtom(nint display, byte* name, int onlyIfExists);

    [LibraryImport(Library)]
    public static partial int XSetWMProtocols(nint display, nuint window, nuint* protocols, int count);

    [LibraryImport(Library)]
    public static partial void XSetWMNormalHints(nint display, nuint window, XSizeHints* hints);

    /// <summary>XSizeHints (x86_64): flags, then 17 ints (position, size, minimum, maximum, increments, aspects, base, gravity).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct XSizeHints
    {
        public long Flags;
        public int X;
        public int Y;
        public int Width;
        public int Height;
        public int MinWidth;
        public int MinHeight;
        public fixed int Rest[11];
    }

    /// <summary>
    /// XEvent: a union of 24 longs. Offsets below are those of XButtonEvent / XMotionEvent on x86_64; XConfigureEvent
    /// has its width and height at byte 56 and 60, XClientMessageEvent its first data long at byte 56.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct XEvent
    {
        public fixed long Data[24];

        public readonly int Type => (int)(Data[0] & 0xFFFFFFFF);

        public readonly ulong Time => (ulong)Data[7];

        public readonly int X => (int)(Data[8] & 0xFFFFFFFF);

        public readonly int Y => (int)(Data[8] >> 32);

        public readonly uint State => (uint)(Data[10] & 0xFFFFFFFF);

        public readonly uint Button => (uint)(Data[10] >> 32);

        public readonly int ConfigureWidth => (int)(Data[7] & 0xFFFFFFFF);

        public readonly int ConfigureHeight => (int)(Data[7] >> 32);

        public readonly ulong ClientMessageFirstLong => (ulong)Data[7];
    }
}
