using System.Reflection;
using System.Runtime.Loader;

namespace KamHp.Tests.Vst3.Interop;

/// <summary>
/// The vtables KamHp.Vst3's generator builds from the interface declarations (Interop/Interfaces) follow the VST3 ABI:
/// slot order and IIDs compared with the SDK headers' order, written here independently from docs/vst3-abi.md sections
/// 2.6 and 3. A method moved, added or dropped in a declaration moves every later slot and fails here. Reads the managed
/// KamHp.dll by reflection in its own load context (its assembly name clashes with the CLI's kamhp.dll).
/// </summary>
public sealed class VtableLayoutTests
{
    private const string FUnknownIid = "0000000000000000C000000000000046";

    private static readonly string[] s_unknown = ["queryInterface", "addRef", "release"];
    private static readonly string[] s_pluginBase = [.. s_unknown, "initialize", "terminate"];
    private static readonly string[] s_factory = [.. s_unknown, "getFactoryInfo", "countClasses", "getClassInfo", "createInstance"];
    private static readonly string[] s_factory2 = [.. s_factory, "getClassInfo2"];

    /// <summary>Interface, IID (l1 l2 l3 l4 as in DECLARE_CLASS_IID), slots in ABI order.</summary>
    private static readonly (string Name, string Iid, string[] Slots)[] s_abi =
    [
        ("IUnknown", FUnknownIid, s_unknown),
        ("IPluginBase", "22888DDB156E45AE8358B34808190625", s_pluginBase),
        ("IPluginFactory", "7A4D811C52114A1FAED9D2EE0B43BF9F", s_factory),
        ("IPluginFactory2", "0007B650F24B4C0BA464EDB9F00B2ABB", s_factory2),
        ("IPluginFactory3", "4555A2ABC1234E579B12291036878931", [.. s_factory2, "getClassInfoUnicode", "setHostContext"]),
        ("IComponent", "E831FF31F2D54301928EBBEE25697802",
            [.. s_pluginBase, "getControllerClassId", "setIoMode", "getBusCount", "getBusInfo", "getRoutingInfo", "activateBus", "setActive", "setState", "getState"]),
        ("IAudioProcessor", "42043F99B7DA453CA569E79D9AAEC33D",
            [.. s_unknown, "setBusArrangements", "getBusArrangement", "canProcessSampleSize", "getLatencySamples", "setupProcessing", "setProcessing", "process", "getTailSamples"]),
        ("IProcessContextRequirements", "2A654303EF764E3D95B5FE83730EF6D0", [.. s_unknown, "getProcessContextRequirements"]),
        ("IEditController", "DCD7BBE37742448DA874AACC979C759E",
            [.. s_pluginBase, "setComponentState", "setState", "getState", "getParameterCount", "getParameterInfo", "getParamStringByValue",
             "getParamValueByString", "normalizedParamToPlain", "plainParamToNormalized", "getParamNormalized", "setParamNormalized",
             "setComponentHandler", "createView"]),
        ("IConnectionPoint", "70A4156F6E6E4026989148BFAA60D8D1", [.. s_unknown, "connect", "disconnect", "notify"]),
        ("IBStream", "C3BF6EA2309947529B6BF9901EE33E9B", [.. s_unknown, "read", "write", "seek", "tell"]),
        ("IParameterChanges", "A47796630BB64A56B44384A8466FEB9D", [.. s_unknown, "getParameterCount", "getParameterData", "addParameterData"]),
        ("IParamValueQueue", "01263A18ED074F6F98C9D3564686F9BA", [.. s_unknown, "getParameterId", "getPointCount", "getPoint", "addPoint"]),
        ("IComponentHandler", "93A0BEA30BD045DB8E890B0CC1E46AC6", [.. s_unknown, "beginEdit", "performEdit", "endEdit", "restartComponent"]),
        ("IHostApplication", "58E595CCDB2D49698B6AAF8C36A664E5", [.. s_unknown, "getName", "createInstance"]),
        ("IMessage", "936F033BC6C047DBBB0882F813C1E613", [.. s_unknown, "getMessageID", "setMessageID", "getAttributes"]),
        ("IAttributeList", "1E5F0AEBCC7F4533A254401138AD5EE4",
            [.. s_unknown, "setInt", "getInt", "setFloat", "getFloat", "setString", "getString", "setBinary", "getBinary"]),

        // The editor's interfaces (KamHp.Vst3/Editor; docs/vst3-abi.md section 3, iplugview.h).
        ("IPlugView", "5BC32507D06049EAA6151B522B755B29",
            [.. s_unknown, "isPlatformTypeSupported", "attached", "removed", "onWheel", "onKeyDown", "onKeyUp", "getSize", "onSize",
             "onFocus", "setFrame", "canResize", "checkSizeConstraint"]),
        ("IPlugViewContentScaleSupport", "65ED96908AC445258AADEF7A72EA703F", [.. s_unknown, "setContentScaleFactor"]),
        ("IPlugFrame", "367FAF01AFA946938D4DA2A0ED0882A3", [.. s_unknown, "resizeView"]),
        ("IRunLoop", "18C3536697764F1A9C5B83857A871389",
            [.. s_unknown, "registerEventHandler", "unregisterEventHandler", "registerTimer", "unregisterTimer"]),
        ("IEventHandler", "561E65C913A0496F813A2C35654D7983", [.. s_unknown, "onFDIsSet"]),
        ("ITimerHandler", "10BDD94F41424774821FAD8FECA72CA9", [.. s_unknown, "onTimer"]),
    ];

    private static readonly Lazy<Assembly> s_vst3 = new(LoadVst3Assembly);

    public static TheoryData<string> Interfaces => new(s_abi.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(Interfaces))]
    public void DeclaredSlotOrderAndIid_MatchTheVst3Abi(string name)
    {
        var abi = s_abi.Single(a => a.Name == name);
        var type = AbiType(name);

        // Method names are C# PascalCase of the SDK's names: compare ignoring case (getMessageID is GetMessageId in C#).
        var slots = (string[])type.GetField("SlotNames")!.GetValue(null)!;
        Assert.Equal(abi.Slots.Select(s => s.ToUpperInvariant()), slots.Select(s => s.ToUpperInvariant()));
        Assert.Equal(abi.Iid, ((Guid)type.GetField("Iid")!.GetValue(null)!).ToString("N").ToUpperInvariant());
    }

    [Fact]
    public void EveryDeclaredInterface_IsCheckedAgainstTheAbi()
    {
        var declared = s_vst3.Value.GetTypes().Where(t => t.Name.EndsWith("Abi", StringComparison.Ordinal) && t.GetField("SlotNames") is not null)
            .Select(t => t.Name).Order();
        Assert.Equal(s_abi.Select(a => a.Name[1..] + "Abi").Order(), declared);
    }

    [Fact]
    public unsafe void ImplementedVtables_FillEverySlot_AndAnswerTheirBasesIids()
    {
        foreach (var (name, iid, slots) in s_abi)
        {
            var type = AbiType(name);
            var iface = type.GetField("Interface")?.GetValue(null);
            if (iface is null)
            {
                continue;
            }

            var vtable = (nint*)(nint)iface.GetType().GetProperty("Vtable")!.GetValue(iface)!;
            for (var k = 0; k < slots.Length; k++)
            {
                Assert.True(vtable[k] != 0, $"{name} slot {k} ({slots[k]}) is empty");
            }

            var iids = ((Guid[])iface.GetType().GetProperty("Iids")!.GetValue(iface)!).Select(g => g.ToString("N").ToUpperInvariant()).ToList();
            Assert.Equal(FUnknownIid, iids[0]);
            Assert.Equal(iid, iids[^1]);
        }
    }

    private static Type AbiType(string interfaceName) =>
        s_vst3.Value.GetType("KamHp.Vst3.Interop." + interfaceName[1..] + "Abi")
        ?? throw new InvalidOperationException($"No generated {interfaceName[1..]}Abi in KamHp.dll");

    private static Assembly LoadVst3Assembly()
    {
        // <repo>/KamHp.Tests/bin/<Configuration>/<tfm>/ -> <repo>/KamHp.Vst3/bin/<Configuration>/<tfm>/KamHp.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "KamHp.Vst3", "bin", configuration, tfm, "KamHp.dll");
        return new AssemblyLoadContext("KamHp.Vst3 layout", isCollectible: false).LoadFromAssemblyPath(path);
    }
}
