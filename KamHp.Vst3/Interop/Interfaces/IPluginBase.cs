namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IPluginBase (ipluginbase.h): the lifecycle shared by the component and the controller.</summary>
[Vst3Interface("22888DDB-156E-45AE-8358-B34808190625")]
internal interface IPluginBase : IUnknown
{
    int Initialize(nint context);

    int Terminate();
}
