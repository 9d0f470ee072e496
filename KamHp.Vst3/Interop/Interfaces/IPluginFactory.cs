namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IPluginFactory (ipluginbase.h).</summary>
[Vst3Interface("7A4D811C-5211-4A1F-AED9-D2EE0B43BF9F")]
internal unsafe interface IPluginFactory : IUnknown
{
    int GetFactoryInfo(PFactoryInfo* info);

    [OnException("0")]
    int CountClasses();

    int GetClassInfo(int index, PClassInfo* info);

    /// <summary>cid and iid are 16-byte TUIDs although the header says FIDString.</summary>
    int CreateInstance(byte* cid, byte* iid, void** obj);
}
