namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IComponent (ivstcomponent.h): buses, activation and state of the processing part.</summary>
[Vst3Interface("E831FF31-F2D5-4301-928E-BBEE25697802", Implemented = true)]
internal unsafe interface IComponent : IPluginBase
{
    int GetControllerClassId(byte* classId);

    int SetIoMode(int mode);

    /// <summary>Returns a count, not a tresult.</summary>
    [OnException("0")]
    int GetBusCount(int mediaType, int direction);

    int GetBusInfo(int mediaType, int direction, int index, BusInfo* bus);

    int GetRoutingInfo(void* inInfo, void* outInfo);

    int ActivateBus(int mediaType, int direction, int index, byte state);

    [OnException("TResult.False")]
    int SetActive(byte state);

    [OnException("TResult.False")]
    int SetState(nint stream);

    [OnException("TResult.False")]
    int GetState(nint stream);
}
