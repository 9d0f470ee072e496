namespace KamHp.Tests.Vst3.Native;

/// <summary>VST3 interface ids (SDK DECLARE_CLASS_IID words as GUID strings) and the Linux byte order.</summary>
internal static unsafe class Vst3Ids
{
    /// <summary>KamHp's processor class id (stored in host projects, never changes).</summary>
    public static readonly Guid KamHpProcessor = new("96339A97-70C7-44AD-BCB9-BF01130AAEF3");

    public static readonly Guid FUnknown = new("00000000-0000-0000-C000-000000000046");
    public static readonly Guid PluginFactory = new("7A4D811C-5211-4A1F-AED9-D2EE0B43BF9F");
    public static readonly Guid PluginFactory2 = new("0007B650-F24B-4C0B-A464-EDB9F00B2ABB");
    public static readonly Guid PluginFactory3 = new("4555A2AB-C123-4E57-9B12-291036878931");
    public static readonly Guid Component = new("E831FF31-F2D5-4301-928E-BBEE25697802");
    public static readonly Guid AudioProcessor = new("42043F99-B7DA-453C-A569-E79D9AAEC33D");
    public static readonly Guid ProcessContextRequirements = new("2A654303-EF76-4E3D-95B5-FE83730EF6D0");
    public static readonly Guid EditController = new("DCD7BBE3-7742-448D-A874-AACC979C759E");
    public static readonly Guid ConnectionPoint = new("70A4156F-6E6E-4026-9891-48BFAA60D8D1");
    public static readonly Guid BStream = new("C3BF6EA2-3099-4752-9B6B-F9901EE33E9B");
    public static readonly Guid ComponentHandler = new("93A0BEA3-0BD0-45DB-8E89-0B0CC1E46AC6");
    public static readonly Guid HostApplication = new("58E595CC-DB2D-4969-8B6A-AF8C36A664E5");
    public static readonly Guid Message = new("936F033B-C6C0-47DB-BB08-82F813C1E613");
    public static readonly Guid AttributeList = new("1E5F0AEB-CC7F-4533-A254-401138AD5EE4");
    public static readonly Guid ParameterChanges = new("A4779663-0BB6-4A56-B443-84A8466FEB9D");
    public static readonly Guid ParamValueQueue = new("01263A18-ED07-4F6F-98C9-D3564686F9BA");

    public const int ResultOk = 0;
    public const int ResultFalse = 1;
    public const int InvalidArgument = 2;
    public const int NoInterface = -1;

    public static Guid Read(byte* p) => new(new ReadOnlySpan<byte>(p, 16), bigEndian: true);

    public static void Write(Guid id, byte* p) => id.TryWriteBytes(new Span<byte>(p, 16), bigEndian: true, out _);

    /// <summary>The 32-hex-digit form hosts print (l1 l2 l3 l4).</summary>
    public static string ToVst3String(Guid id)
    {
        Span<byte> b = stackalloc byte[16];
        id.TryWriteBytes(b, bigEndian: true, out _);
        return Convert.ToHexString(b);
    }
}
