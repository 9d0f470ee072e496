// In the interop namespace (like Interop/Interfaces) so that the generated <Name>Abi classes see TResult and the other
// interfaces; kept in Editor/ because only the editor uses it.
namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::ViewRect: left, top, right, bottom (int32 each; physical pixels on Linux).</summary>
internal struct ViewRect
{
    public int Left;
    public int Top;
    public int Right;
    public int Bottom;

    public readonly int Width => Right - Left;

    public readonly int Height => Bottom - Top;
}
