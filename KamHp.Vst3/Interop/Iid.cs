namespace KamHp.Vst3.Interop;

/// <summary>
/// Interface ids from the VST3 SDK headers (DECLARE_CLASS_IID l1 l2 l3 l4, written as a GUID string
/// "l1-l2hi-l2lo-l3hi-l3lo l4"). Converted to the platform's byte order by <see cref="Tuid"/>.
/// </summary>
internal static class Iid
{
    public static readonly Guid FUnknown = new("00000000-0000-0000-C000-000000000046");
    public static readonly Guid PluginBase = new("22888DDB-156E-45AE-8358-B34808190625");
    public static readonly Guid PluginFactory = new("7A4D811C-5211-4A1F-AED9-D2EE0B43BF9F");
    public static readonly Guid PluginFactory2 = new("0007B650-F24B-4C0B-A464-EDB9F00B2ABB");
    public static readonly Guid PluginFactory3 = new("4555A2AB-C123-4E57-9B12-291036878931");
    public static readonly Guid Component = new("E831FF31-F2D5-4301-928E-BBEE25697802");
    public static readonly Guid AudioProcessor = new("42043F99-B7DA-453C-A569-E79D9AAEC33D");
    public static readonly Guid ProcessContextRequirements = new("2A654303-EF76-4E3D-95B5-FE83730EF6D0");
    public static readonly Guid EditController = new("DCD7BBE3-7742-448D-A874-AACC979C759E");
    public static readonly Guid ConnectionPoint = new("70A4156F-6E6E-4026-9891-48BFAA60D8D1");
    public static readonly Guid Message = new("936F033B-C6C0-47DB-BB08-82F813C1E613");
    public static readonly Guid AttributeList = new("1E5F0AEB-CC7F-4533-A254-401138AD5EE4");
    public static readonly Guid HostApplication = new("58E595CC-DB2D-4969-8B6A-AF8C36A664E5");
}
