using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Editor.Host;

/// <summary>The published processor, set up and activated as the editor host tests use it (48 kHz, 512-sample blocks).</summary>
internal static class ActiveEditorPlugin
{
    public const double SampleRateHz = 48000;
    public const int BlockSize = 512;
    public static readonly Guid ProcessorCid = new("96339A97-70C7-44AD-BCB9-BF01130AAEF3");

    public static PluginInstance Create(LoadedModule module)
    {
        var instance = PluginInstance.Create(module, ProcessorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        return instance;
    }
}
