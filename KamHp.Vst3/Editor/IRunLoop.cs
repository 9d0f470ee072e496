// In the interop namespace (like Interop/Interfaces) so that the generated <Name>Abi classes see TResult and the other
// interfaces; kept in Editor/ because only the editor uses it.
namespace KamHp.Vst3.Interop;

/// <summary>
/// Steinberg::Linux::IRunLoop (iplugview.h): the host's UI event loop, queried from the IPlugFrame. KamHp registers
/// its X connection's file descriptor and a timer; every callback comes on the host's UI thread.
/// </summary>
[Vst3Interface("18C35366-9776-4F1A-9C5B-83857A871389")]
internal interface IRunLoop : IUnknown
{
    int RegisterEventHandler(nint handler, int fd);

    int UnregisterEventHandler(nint handler);

    int RegisterTimer(nint handler, ulong milliseconds);

    int UnregisterTimer(nint handler);
}
