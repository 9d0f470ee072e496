using System.Runtime.InteropServices;

namespace KamHp.Tests.Vst3.Native;

// The host's view of the VST3 structs (x86_64 layouts of the SDK headers).

[StructLayout(LayoutKind.Explicit, Size = 452)]
internal unsafe struct FactoryInfo
{
    [FieldOffset(0)] public fixed byte Vendor[64];
    [FieldOffset(448)] public int Flags;
}

[StructLayout(LayoutKind.Explicit, Size = 696)]
internal unsafe struct ClassInfoW
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

[StructLayout(LayoutKind.Explicit, Size = 276)]
internal unsafe struct BusInfoData
{
    [FieldOffset(0)] public int MediaType;
    [FieldOffset(4)] public int Direction;
    [FieldOffset(8)] public int ChannelCount;
    [FieldOffset(12)] public fixed char Name[128];
    [FieldOffset(268)] public int BusType;
    [FieldOffset(272)] public uint Flags;
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct ProcessSetupData
{
    [FieldOffset(0)] public int ProcessMode;
    [FieldOffset(4)] public int SymbolicSampleSize;
    [FieldOffset(8)] public int MaxSamplesPerBlock;
    [FieldOffset(16)] public double SampleRate;
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal unsafe struct AudioBuffers
{
    [FieldOffset(0)] public int NumChannels;
    [FieldOffset(8)] public ulong SilenceFlags;
    [FieldOffset(16)] public float** Channels;
}

[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct ProcessDataBlock
{
    [FieldOffset(0)] public int ProcessMode;
    [FieldOffset(4)] public int SymbolicSampleSize;
    [FieldOffset(8)] public int NumSamples;
    [FieldOffset(12)] public int NumInputs;
    [FieldOffset(16)] public int NumOutputs;
    [FieldOffset(24)] public AudioBuffers* Inputs;
    [FieldOffset(32)] public AudioBuffers* Outputs;
    [FieldOffset(40)] public nint InputParameterChanges;
    [FieldOffset(48)] public nint OutputParameterChanges;
    [FieldOffset(56)] public nint InputEvents;
    [FieldOffset(64)] public nint OutputEvents;
    [FieldOffset(72)] public nint ProcessContext;
}

[StructLayout(LayoutKind.Explicit, Size = 792)]
internal unsafe struct ParameterInfoData
{
    [FieldOffset(0)] public uint Id;
    [FieldOffset(4)] public fixed char Title[128];
    [FieldOffset(260)] public fixed char ShortTitle[128];
    [FieldOffset(516)] public fixed char Units[128];
    [FieldOffset(772)] public int StepCount;
    [FieldOffset(776)] public double DefaultNormalizedValue;
    [FieldOffset(784)] public int UnitId;
    [FieldOffset(788)] public int Flags;
}
