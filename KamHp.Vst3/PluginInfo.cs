namespace KamHp.Vst3;

/// <summary>What the factory tells hosts. The class ids are stored in host projects: never change them.</summary>
internal static class PluginInfo
{
    public const string Name = "KamHp";
    public const string ControllerName = "KamHp Controller";
    public const string Vendor = "KamHp";
    public const string Url = "";
    public const string Email = "";
    public const string Version = "0.1.0";
    public const string SdkVersion = "VST 3.7.14";
    public const string SubCategories = "Fx|Tools";
    public const string ProcessorCategory = "Audio Module Class";
    public const string ControllerCategory = "Component Controller Class";

    /// <summary>Processor (component) class id, 96339A9770C744ADBCB9BF01130AAEF3.</summary>
    public static readonly Guid ProcessorCid = new("96339A97-70C7-44AD-BCB9-BF01130AAEF3");

    /// <summary>Edit controller class id, 1D5C4E0B25DE44C7BFC6FFAA5A752221.</summary>
    public static readonly Guid ControllerCid = new("1D5C4E0B-25DE-44C7-BFC6-FFAA5A752221");
}
