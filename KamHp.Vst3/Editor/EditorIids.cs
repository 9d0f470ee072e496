namespace KamHp.Vst3.Editor;

/// <summary>Interface ids of the editor's VST3 interfaces (SDK pluginterfaces/gui/iplugview*.h).</summary>
internal static class EditorIids
{
    public static readonly Guid PlugView = new("5BC32507-D060-49EA-A615-1B522B755B29");
    public static readonly Guid PlugFrame = new("367FAF01-AFA9-4693-8D4D-A2A0ED0882A3");
    public static readonly Guid PlugViewContentScaleSupport = new("65ED9690-8AC4-4525-8AAD-EF7A72EA703F");
    public static readonly Guid RunLoop = new("18C35366-9776-4F1A-9C5B-83857A871389");
    public static readonly Guid EventHandler = new("561E65C9-13A0-496F-813A-2C35654D7983");
    public static readonly Guid TimerHandler = new("10BDD94F-4142-4774-821F-AD8FECA72CA9");
}
