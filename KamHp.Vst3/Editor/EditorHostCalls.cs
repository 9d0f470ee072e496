namespace KamHp.Vst3.Editor;

/// <summary>
/// Calls into the host objects an editor uses: IComponentHandler's edit methods, IPlugFrame and Linux::IRunLoop
/// (vtable index = declaration order after FUnknown's three; see docs/vst3-abi.md section 3).
/// </summary>
internal static unsafe class EditorHostCalls
{
    private static nint* Vtable(nint self) => *(nint**)self;

    // IComponentHandler
    public static int BeginEdit(nint handler, uint id) => ((delegate* unmanaged<nint, uint, int>)Vtable(handler)[3])(handler, id);

    public static int PerformEdit(nint handler, uint id, double normalized) =>
        ((delegate* unmanaged<nint, uint, double, int>)Vtable(handler)[4])(handler, id, normalized);

    public static int EndEdit(nint handler, uint id) => ((delegate* unmanaged<nint, uint, int>)Vtable(handler)[5])(handler, id);

    // IPlugFrame
    public static int ResizeView(nint frame, nint view, ViewRect* rect) =>
        ((delegate* unmanaged<nint, nint, ViewRect*, int>)Vtable(frame)[3])(frame, view, rect);

    // Linux::IRunLoop
    public static int RegisterEventHandler(nint runLoop, nint handler, int fd) =>
        ((delegate* unmanaged<nint, nint, int, int>)Vtable(runLoop)[3])(runLoop, handler, fd);

    public static int UnregisterEventHandler(nint runLoop, nint handler) =>
        ((delegate* unmanaged<nint, nint, int>)Vtable(runLoop)[4])(runLoop, handler);

    public static int RegisterTimer(nint runLoop, nint handler, ulong milliseconds) =>
        ((delegate* unmanaged<nint, nint, ulong, int>)Vtable(runLoop)[5])(runLoop, handler, milliseconds);

    public static int UnregisterTimer(nint runLoop, nint handler) =>
        ((delegate* unmanaged<nint, nint, int>)Vtable(runLoop)[6])(runLoop, handler);
}

/// <summary>VST3 ViewRect: left, top, right, bottom (physical pixels on Linux).</summary>
internal struct ViewRect
{
    public int Left;
    public int Top;
    public int Right;
    public int Bottom;

    public readonly int Width => Right - Left;

    public readonly int Height => Bottom - Top;
}
