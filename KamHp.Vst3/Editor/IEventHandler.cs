// In the interop namespace (like Interop/Interfaces) so that the generated <Name>Abi classes see TResult and the other
// interfaces; kept in Editor/ because only the editor uses it.
namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Linux::IEventHandler: a registered file descriptor is readable.</summary>
[Vst3Interface("561E65C9-13A0-496F-813A-2C35654D7983", Implemented = true)]
internal interface IEventHandler : IUnknown
{
    void OnFDIsSet(int fd);
}
