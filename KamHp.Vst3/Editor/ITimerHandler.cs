// In the interop namespace (like Interop/Interfaces) so that the generated <Name>Abi classes see TResult and the other
// interfaces; kept in Editor/ because only the editor uses it.
namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Linux::ITimerHandler: a registered timer fired.</summary>
[Vst3Interface("10BDD94F-4142-4774-821F-AD8FECA72CA9", Implemented = true)]
internal interface ITimerHandler : IUnknown
{
    void OnTimer();
}
