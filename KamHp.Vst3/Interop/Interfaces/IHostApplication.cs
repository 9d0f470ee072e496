namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IHostApplication (ivsthostapplication.h); creates IMessage objects.</summary>
[Vst3Interface("58E595CC-DB2D-4969-8B6A-AF8C36A664E5")]
internal unsafe interface IHostApplication : IUnknown
{
    int GetName(char* name);

    int CreateInstance(byte* cid, byte* iid, void** obj);
}
