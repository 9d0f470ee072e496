namespace KamHp.Tests.Editor.Host;

// Xlib's int results carry no error information.
#pragma warning disable CA1806

/// <summary>Synthetic mouse input with XTest, in screen coordinates.</summary>
internal static class XTestPointer
{
    /// <summary>
    /// Presses the left button at the start, moves to the end in <paramref name="steps"/> steps and releases, calling
    /// <paramref name="settle"/> (milliseconds) after each event so that the window under test can take it (pump the
    /// host's run loop, or just wait for a window that runs its own loop).
    /// </summary>
    public static void Drag(nint display, int fromX, int fromY, int toX, int toY, Action<int> settle, int steps = 10)
    {
        TestX11.XTestFakeMotionEvent(display, 0, fromX, fromY, 0);
        TestX11.XSync(display, 0);
        settle(40);
        TestX11.XTestFakeButtonEvent(display, 1, 1, 0);
        TestX11.XSync(display, 0);
        settle(40);
        for (var i = 1; i <= steps; i++)
        {
            TestX11.XTestFakeMotionEvent(display, 0, fromX + ((toX - fromX) * i / steps), fromY + ((toY - fromY) * i / steps), 0);
            TestX11.XSync(display, 0);
            settle(20);
        }

        TestX11.XTestFakeButtonEvent(display, 1, 0, 0);
        TestX11.XSync(display, 0);
        settle(60);
    }
}
