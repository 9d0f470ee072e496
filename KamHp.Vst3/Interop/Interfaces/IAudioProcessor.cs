namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IAudioProcessor (ivstaudioprocessor.h).</summary>
[Vst3Interface("42043F99-B7DA-453C-A569-E79D9AAEC33D", Implemented = true)]
internal unsafe interface IAudioProcessor : IUnknown
{
    int SetBusArrangements(ulong* inputs, int numIns, ulong* outputs, int numOuts);

    int GetBusArrangement(int direction, int index, ulong* arrangement);

    int CanProcessSampleSize(int symbolicSampleSize);

    uint GetLatencySamples();

    int SetupProcessing(ProcessSetup* setup);

    int SetProcessing(byte state);

    int Process(ProcessData* data);

    uint GetTailSamples();
}
