namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IPluginFactory3 (ipluginbase.h); its vtable serves IPluginFactory and IPluginFactory2 too.</summary>
[Vst3Interface("4555A2AB-C123-4E57-9B12-291036878931", Implemented = true)]
internal unsafe interface IPluginFactory3 : IPluginFactory2
{
    int GetClassInfoUnicode(int index, PClassInfoW* info);

    int SetHostContext(nint context);
}
