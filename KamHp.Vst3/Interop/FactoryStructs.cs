using System.Runtime.InteropServices;

namespace KamHp.Vst3.Interop;

// Layouts from the VST3 SDK headers (ipluginbase.h), offsets checked against the compiled SDK (docs/vst3-abi.md 4.1-4.4).

[StructLayout(LayoutKind.Explicit, Size = 452)]
internal unsafe struct PFactoryInfo
{
    public const int FlagUnicode = 16;

    [FieldOffset(0)] public fixed byte Vendor[64];
    [FieldOffset(64)] public fixed byte Url[256];
    [FieldOffset(320)] public fixed byte Email[128];
    [FieldOffset(448)] public int Flags;
}

[StructLayout(LayoutKind.Explicit, Size = 116)]
internal unsafe struct PClassInfo
{
    public const int ManyInstances = 0x7FFFFFFF;

    [FieldOffset(0)] public fixed byte Cid[16];
    [FieldOffset(16)] public int Cardinality;
    [FieldOffset(20)] public fixed byte Category[32];
    [FieldOffset(52)] public fixed byte Name[64];
}

[StructLayout(LayoutKind.Explicit, Size = 440)]
internal unsafe struct PClassInfo2
{
    [FieldOffset(0)] public fixed byte Cid[16];
    [FieldOffset(16)] public int Cardinality;
    [FieldOffset(20)] public fixed byte Category[32];
    [FieldOffset(52)] public fixed byte Name[64];
    [FieldOffset(116)] public uint ClassFlags;
    [FieldOffset(120)] public fixed byte SubCategories[128];
    [FieldOffset(248)] public fixed byte Vendor[64];
    [FieldOffset(312)] public fixed byte Version[64];
    [FieldOffset(376)] public fixed byte SdkVersion[64];
}

[StructLayout(LayoutKind.Explicit, Size = 696)]
internal unsafe struct PClassInfoW
{
    [FieldOffset(0)] public fixed byte Cid[16];
    [FieldOffset(16)] public int Cardinality;
    [FieldOffset(20)] public fixed byte Category[32];
    [FieldOffset(52)] public fixed char Name[64];
    [FieldOffset(180)] public uint ClassFlags;
    [FieldOffset(184)] public fixed byte SubCategories[128];
    [FieldOffset(312)] public fixed char Vendor[64];
    [FieldOffset(440)] public fixed char Version[64];
    [FieldOffset(568)] public fixed char SdkVersion[64];
}
