// In the interop namespace (like Interop/Interfaces) so that the generated <Name>Abi classes see TResult and the other
// interfaces; kept in Editor/ because only the editor uses it.
namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IPlugView (pluginterfaces/gui/iplugview.h): the editor's window, implemented by KamHp. UI thread.</summary>
[Vst3Interface("5BC32507-D060-49EA-A615-1B522B755B29", Implemented = true)]
internal unsafe interface IPlugView : IUnknown
{
    [OnException("TResult.False")]
    int IsPlatformTypeSupported(byte* type);

    [OnException("TResult.False")]
    int Attached(nint parent, byte* type);

    int Removed();

    int OnWheel(float distance);

    int OnKeyDown(ushort key, short keyCode, short modifiers);

    int OnKeyUp(ushort key, short keyCode, short modifiers);

    int GetSize(ViewRect* size);

    int OnSize(ViewRect* newSize);

    int OnFocus(byte state);

    int SetFrame(nint frame);

    int CanResize();

    int CheckSizeConstraint(ViewRect* rect);
}
