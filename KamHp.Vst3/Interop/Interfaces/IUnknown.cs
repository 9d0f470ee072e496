namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::FUnknown (funknown.h), the root of every VST3 interface; the same IID as COM's IUnknown.</summary>
[Vst3Interface("00000000-0000-0000-C000-000000000046")]
internal unsafe interface IUnknown
{
    [OnException("TResult.NoInterface")]
    int QueryInterface(byte* iid, void** obj);

    uint AddRef();

    uint Release();
}
