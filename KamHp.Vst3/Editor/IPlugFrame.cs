// In the interop namespace (like Interop/Interfaces) so that the generated <Name>Abi classes see TResult and the other
// interfaces; kept in Editor/ because only the editor uses it.
namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IPlugFrame (iplugview.h): the host's side of the view; KamHp only calls it.</summary>
[Vst3Interface("367FAF01-AFA9-4693-8D4D-A2A0ED0882A3")]
internal unsafe interface IPlugFrame : IUnknown
{
    int ResizeView(nint view, ViewRect* newSize);
}
