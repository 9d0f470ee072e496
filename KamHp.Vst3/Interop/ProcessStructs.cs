using System.Runtime.InteropServices;

namespace KamHp.Vst3.Interop;

// Layouts from ivstaudioprocessor.h / ivstcomponent.h / ivsteditcontroller.h (docs/vst3-abi.md 4.5-4.8).

[StructLayout(LayoutKind.Explicit, Size = 276)]
internal unsafe struct BusInfo
{
    public const int MediaAudio = 0;
    public const int DirectionInput = 0;
    public const int DirectionOutput = 1;
    public const int TypeMain = 0;
    public const int TypeAux = 1;
    public const uint FlagDefaultActive = 1;

    [FieldOffset(0)] public int MediaType;
    [FieldOffset(4)] public int Direction;
    [FieldOffset(8)] public int ChannelCount;
    [FieldOffset(12)] public fixed char Name[128];
    [FieldOffset(268)] public int BusType;
    [FieldOffset(272)] public uint Flags;
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct ProcessSetup
{
    public const int Sample32 = 0;

    [FieldOffset(0)] public int ProcessMode;
    [FieldOffset(4)] public int SymbolicSampleSize;
    [FieldOffset(8)] public int MaxSamplesPerBlock;
    [FieldOffset(16)] public double SampleRate;
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal unsafe struct AudioBusBuffers
{
    [FieldOffset(0)] public int NumChannels;
    [FieldOffset(8)] public ulong SilenceFlags;
    [FieldOffset(16)] public float** ChannelBuffers32;
}

[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct ProcessData
{
    [FieldOffset(0)] public int ProcessMode;
    [FieldOffset(4)] public int SymbolicSampleSize;
    [FieldOffset(8)] public int NumSamples;
    [FieldOffset(12)] public int NumInputs;
    [FieldOffset(16)] public int NumOutputs;
    [FieldOffset(24)] public AudioBusBuffers* Inputs;
    [FieldOffset(32)] public AudioBusBuffers* Outputs;
    [FieldOffset(40)] public nint InputParameterChanges;
    [FieldOffset(48)] public nint OutputParameterChanges;
    [FieldOffset(56)] public nint InputEvents;
    [FieldOffset(64)] public nint OutputEvents;
    [FieldOffset(72)] public nint ProcessContext;
}

[StructLayout(LayoutKind.Explicit, Size = 792)]
internal unsafe struct ParameterInfo
{
    public const int CanAutomate = 1;
    public const int IsReadOnly = 2;
    public const int IsList = 8;
    public const int IsBypass = 0x10000;

    [FieldOffset(0)] public uint Id;
    [FieldOffset(4)] public fixed char Title[128];
    [FieldOffset(260)] public fixed char ShortTitle[128];
    [FieldOffset(516)] public fixed char Units[128];
    [FieldOffset(772)] public int StepCount;
    [FieldOffset(776)] public double DefaultNormalizedValue;
    [FieldOffset(784)] public int UnitId;
    [FieldOffset(788)] public int Flags;
}
