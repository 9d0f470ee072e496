// In the interop namespace (like Interop/Interfaces) so that the generated <Name>Abi classes see TResult and the other
// interfaces; kept in Editor/ because only the editor uses it.
namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IPlugViewContentScaleSupport (iplugviewcontentscalesupport.h): the host's UI scale for the view.</summary>
[Vst3Interface("65ED9690-8AC4-4525-8AAD-EF7A72EA703F", Implemented = true)]
internal interface IPlugViewContentScaleSupport : IUnknown
{
    int SetContentScaleFactor(float factor);
}
