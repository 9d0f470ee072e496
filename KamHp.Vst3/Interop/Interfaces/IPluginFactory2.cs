namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IPluginFactory2 (ipluginbase.h).</summary>
[Vst3Interface("0007B650-F24B-4C0B-A464-EDB9F00B2ABB")]
internal unsafe interface IPluginFactory2 : IPluginFactory
{
    int GetClassInfo2(int index, PClassInfo2* info);
}
