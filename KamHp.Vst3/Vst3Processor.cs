using System.Numerics;
using System.Runtime.InteropServices;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// The VST3 component: IComponent (+ IPluginBase), IAudioProcessor, IProcessContextRequirements and IConnectionPoint on
/// one object, one interface pointer each. Buses: a main input, a main output (the mix) and two auxiliary outputs
/// (harmonic, percussive; inactive by default), all stereo, or all mono when the host asks for mono. The audio work is
/// done by the host-agnostic <see cref="KamHpProcessor"/>.
/// </summary>
internal sealed unsafe class Vst3Processor : ComObject
{
    private const ulong SpeakerStereo = 0x3;
    private const ulong SpeakerMono = 0x80000;
    private const ulong SpeakerEmpty = 0;
    private const int OutputBusCount = 3;
    private const double TailSeconds = 0.25;

    private static readonly nint s_componentVtable = BuildComponentVtable();
    private static readonly nint s_processorVtable = BuildProcessorVtable();
    private static readonly nint s_contextVtable = BuildContextVtable();
    private static readonly nint s_connectionVtable = BuildConnectionVtable();

    private readonly KamHpProcessor _model = new();
    private readonly Vst3ParameterChanges _changes = new();
    private readonly ulong[] _outputArrangements = [SpeakerStereo, SpeakerStereo, SpeakerStereo];
    private readonly bool[] _outputActive = [true, false, false];
    private ulong _inputArrangement = SpeakerStereo;
    private bool _initialized;
    private nint _hostContext;
    private PeerConnection _peer;
    private double _sampleRateHz = 44100;
    private int _maxBlockSize = 1024;
    private int _reportedLatency = -1;

    // The controller finds this processor's editor feed by this token (sent with the activation message).
    private readonly long _feedToken;

    public Vst3Processor()
        : base([s_componentVtable, s_processorVtable, s_contextVtable, s_connectionVtable])
    {
        _feedToken = EditorFeedRegistry.Register(_model.EditorFeed);
    }

    protected override int InterfaceIndexOf(Guid iid)
    {
        if (iid == Iid.FUnknown || iid == Iid.PluginBase || iid == Iid.Component)
        {
            return 0;
        }

        if (iid == Iid.AudioProcessor)
        {
            return 1;
        }

        if (iid == Iid.ProcessContextRequirements)
        {
            return 2;
        }

        return iid == Iid.ConnectionPoint ? 3 : -1;
    }

    protected override void OnFinalRelease()
    {
        EditorFeedRegistry.Unregister(_feedToken);
        _model.Deactivate();
        ReleaseHostReferences();
    }

    private void ReleaseHostReferences()
    {
        _peer.Release();

        if (_hostContext != 0)
        {
            Host.Release(_hostContext);
            _hostContext = 0;
        }
    }

    // ---- IPluginBase ----
    private int Initialize(nint context)
    {
        if (_initialized)
        {
            return TResult.False;
        }

        if (context != 0)
        {
            Host.AddRef(context);
            _hostContext = context;
        }

        _initialized = true;
        return TResult.Ok;
    }

    private int Terminate()
    {
        _model.Deactivate();
        ReleaseHostReferences();
        _initialized = false;
        return TResult.Ok;
    }

    // ---- IComponent ----
    private static int GetBusCount(int mediaType, int direction) =>
        mediaType != BusInfo.MediaAudio ? 0 : direction == BusInfo.DirectionInput ? 1 : OutputBusCount;

    private int GetBusInfo(int mediaType, int direction, int index, BusInfo* bus)
    {
        if (bus == null || mediaType != BusInfo.MediaAudio || index < 0 || index >= GetBusCount(mediaType, direction))
        {
            return TResult.InvalidArgument;
        }

        *bus = default;
        bus->MediaType = mediaType;
        bus->Direction = direction;
        if (direction == BusInfo.DirectionInput)
        {
            bus->ChannelCount = BitOperations.PopCount(_inputArrangement);
            Text.WriteUtf16("Input", bus->Name, 128);
            bus->BusType = BusInfo.TypeMain;
            bus->Flags = BusInfo.FlagDefaultActive;
            return TResult.Ok;
        }

        bus->ChannelCount = BitOperations.PopCount(_outputArrangements[index]);
        Text.WriteUtf16(index switch { 0 => "Mix", 1 => "Harmonic", _ => "Percussive" }, bus->Name, 128);
        bus->BusType = index == 0 ? BusInfo.TypeMain : BusInfo.TypeAux;
        bus->Flags = index == 0 ? BusInfo.FlagDefaultActive : 0;
        return TResult.Ok;
    }

    private int ActivateBus(int mediaType, int direction, int index, bool state)
    {
        if (mediaType != BusInfo.MediaAudio || index < 0 || index >= GetBusCount(mediaType, direction))
        {
            return TResult.InvalidArgument;
        }

        if (direction == BusInfo.DirectionOutput)
        {
            _outputActive[index] = state;
        }

        return TResult.Ok;
    }

    private int SetActive(bool state)
    {
        if (!state)
        {
            Diagnostics.Trace("setActive(false)");
            _model.Deactivate();
            return TResult.Ok;
        }

        if (_model.IsActive)
        {
            return TResult.Ok;
        }

        _model.Activate(_sampleRateHz, _maxBlockSize, BitOperations.PopCount(_inputArrangement));
        _reportedLatency = -1;
        Diagnostics.Trace($"setActive(true): {_sampleRateHz} Hz, block {_maxBlockSize}, latency {_model.LatencySamples}");
        Messages.SendActivated(_hostContext, _peer.Peer, _model.LatencySamples, _feedToken);
        return TResult.Ok;
    }

    private int SetState(nint stream)
    {
        if (stream == 0)
        {
            return TResult.InvalidArgument;
        }

        var status = StateStream.Read(stream, out var data);
        if (status == StateReadStatus.Ok)
        {
            status = _model.LoadState(data);
        }

        Diagnostics.Trace($"setState: {status}");
        return status == StateReadStatus.Ok ? TResult.Ok : TResult.False;
    }

    private int GetState(nint stream) =>
        stream == 0 ? TResult.InvalidArgument : Host.WriteFully(stream, _model.SaveState()) ? TResult.Ok : TResult.False;

    // ---- IAudioProcessor ----
    private int SetBusArrangements(ulong* inputs, int inputCount, ulong* outputs, int outputCount)
    {
        if (inputCount < 0 || outputCount < 0 || (inputCount > 0 && inputs == null) || (outputCount > 0 && outputs == null))
        {
            return TResult.InvalidArgument;
        }

        if (inputCount != 1 || outputCount < 1 || outputCount > OutputBusCount)
        {
            return TResult.False;
        }

        var main = inputs[0];
        if ((main != SpeakerStereo && main != SpeakerMono) || outputs[0] != main)
        {
            return TResult.False;
        }

        for (var i = 1; i < outputCount; i++)
        {
            if (outputs[i] != main && outputs[i] != SpeakerEmpty)
            {
                return TResult.False;
            }
        }

        Diagnostics.Trace($"setBusArrangements: accepted {main:X}");
        _inputArrangement = main;
        _outputArrangements[0] = main;
        for (var i = 1; i < OutputBusCount; i++)
        {
            _outputArrangements[i] = i < outputCount ? outputs[i] : main;
        }

        return TResult.Ok;
    }

    private int GetBusArrangement(int direction, int index, ulong* arrangement)
    {
        if (arrangement == null || index < 0 || index >= GetBusCount(BusInfo.MediaAudio, direction))
        {
            return TResult.InvalidArgument;
        }

        *arrangement = direction == BusInfo.DirectionInput ? _inputArrangement : _outputArrangements[index];
        return TResult.Ok;
    }

    private int SetupProcessing(ProcessSetup* setup)
    {
        if (setup == null)
        {
            return TResult.InvalidArgument;
        }

        if (setup->SymbolicSampleSize != ProcessSetup.Sample32)
        {
            return TResult.False;
        }

        if (!double.IsFinite(setup->SampleRate) || setup->SampleRate <= 0 || setup->MaxSamplesPerBlock < 1)
        {
            return TResult.InvalidArgument;
        }

        _sampleRateHz = setup->SampleRate;
        _maxBlockSize = setup->MaxSamplesPerBlock;
        return TResult.Ok;
    }

    private uint TailSamples() => (uint)(_model.LatencySamples + (int)Math.Ceiling(TailSeconds * _sampleRateHz));

    private int Process(ProcessData* data)
    {
        if (data == null || data->NumSamples < 0)
        {
            return TResult.InvalidArgument;
        }

        var n = data->NumSamples;
        if (n > 0 && data->SymbolicSampleSize != ProcessSetup.Sample32)
        {
            return TResult.False;
        }

        _changes.Attach(data->InputParameterChanges);
        try
        {
            if (n == 0)
            {
                _model.Process(default, 0, _changes);
            }
            else
            {
                var stereo = (_model.IsActive ? _model.ChannelCount : BitOperations.PopCount(_inputArrangement)) == 2;
                var input = data->NumInputs > 0 ? data->Inputs : null;
                var main = Bus(data, 0, true);
                var harmonic = Bus(data, 1, _outputActive[1]);
                var percussive = Bus(data, 2, _outputActive[2]);
                var block = new AudioBlock
                {
                    InputLeft = Channel(input, 0, n),
                    InputRight = stereo ? Channel(input, 1, n) : default,
                    MainLeft = Channel(main, 0, n),
                    MainRight = stereo ? Channel(main, 1, n) : default,
                    HarmonicLeft = Channel(harmonic, 0, n),
                    HarmonicRight = stereo ? Channel(harmonic, 1, n) : default,
                    PercussiveLeft = Channel(percussive, 0, n),
                    PercussiveRight = stereo ? Channel(percussive, 1, n) : default,
                };
                _model.Process(block, n, _changes);
                FinishOutputs(data, n);
            }
        }
        finally
        {
            _changes.Attach(0);
        }

        ReportLatency(data->OutputParameterChanges);
        return TResult.Ok;
    }

    private static AudioBusBuffers* Bus(ProcessData* data, int index, bool active) =>
        active && data->Outputs != null && index < data->NumOutputs ? data->Outputs + index : null;

    private static Span<float> Channel(AudioBusBuffers* bus, int channel, int n) =>
        bus == null || channel >= bus->NumChannels || bus->ChannelBuffers32 == null || bus->ChannelBuffers32[channel] == null
            ? default
            : new Span<float>(bus->ChannelBuffers32[channel], n);

    /// <summary>Silences buffers of inactive buses and sets every output's silence flags from its content.</summary>
    private void FinishOutputs(ProcessData* data, int n)
    {
        if (data->Outputs == null)
        {
            return;
        }

        for (var b = 0; b < data->NumOutputs; b++)
        {
            var bus = data->Outputs + b;
            var active = b < OutputBusCount && _outputActive[b];
            ulong flags = 0;
            for (var c = 0; c < bus->NumChannels && c < 64; c++)
            {
                var samples = Channel(bus, c, n);
                if (samples.IsEmpty)
                {
                    continue;
                }

                if (!active)
                {
                    samples.Clear();
                }

                if (samples.IndexOfAnyExcept(0f) < 0)
                {
                    flags |= 1UL << c;
                }
            }

            bus->SilenceFlags = flags;
        }
    }

    /// <summary>
    /// Writes the latency the current settings need to the read-only Latency parameter whenever it changes. The host
    /// forwards it to the controller, which asks for a restart when it differs from the active latency.
    /// </summary>
    private void ReportLatency(nint outputChanges)
    {
        var pending = _model.PendingLatencySamples;
        if (outputChanges == 0 || pending == _reportedLatency)
        {
            return;
        }

        uint id = (uint)ParameterId.Latency;
        int queueIndex = 0;
        var queue = Host.ChangesAdd(outputChanges, &id, &queueIndex);
        int pointIndex = 0;
        if (queue != 0 && Host.QueueAddPoint(queue, 0, ParameterTable.Get(ParameterId.Latency).ToNormalized(pending), &pointIndex) == TResult.Ok)
        {
            _reportedLatency = pending;
        }
    }

    // ---- IConnectionPoint ----
    private int Connect(nint other) => _peer.Connect(other);

    private int Disconnect(nint other) => _peer.Disconnect(other);

    // ---- vtables and entry points (each one catches everything: an escaping exception aborts the host) ----
    private static nint BuildComponentVtable()
    {
        var v = NewVtable(14);
        v[3] = (nint)(delegate* unmanaged<nint, nint, int>)&InitializeEntry;
        v[4] = (nint)(delegate* unmanaged<nint, int>)&TerminateEntry;
        v[5] = (nint)(delegate* unmanaged<nint, byte*, int>)&GetControllerClassIdEntry;
        v[6] = (nint)(delegate* unmanaged<nint, int, int>)&SetIoModeEntry;
        v[7] = (nint)(delegate* unmanaged<nint, int, int, int>)&GetBusCountEntry;
        v[8] = (nint)(delegate* unmanaged<nint, int, int, int, BusInfo*, int>)&GetBusInfoEntry;
        v[9] = (nint)(delegate* unmanaged<nint, void*, void*, int>)&GetRoutingInfoEntry;
        v[10] = (nint)(delegate* unmanaged<nint, int, int, int, byte, int>)&ActivateBusEntry;
        v[11] = (nint)(delegate* unmanaged<nint, byte, int>)&SetActiveEntry;
        v[12] = (nint)(delegate* unmanaged<nint, nint, int>)&SetStateEntry;
        v[13] = (nint)(delegate* unmanaged<nint, nint, int>)&GetStateEntry;
        return (nint)v;
    }

    private static nint BuildProcessorVtable()
    {
        var v = NewVtable(11);
        v[3] = (nint)(delegate* unmanaged<nint, ulong*, int, ulong*, int, int>)&SetBusArrangementsEntry;
        v[4] = (nint)(delegate* unmanaged<nint, int, int, ulong*, int>)&GetBusArrangementEntry;
        v[5] = (nint)(delegate* unmanaged<nint, int, int>)&CanProcessSampleSizeEntry;
        v[6] = (nint)(delegate* unmanaged<nint, uint>)&GetLatencySamplesEntry;
        v[7] = (nint)(delegate* unmanaged<nint, ProcessSetup*, int>)&SetupProcessingEntry;
        v[8] = (nint)(delegate* unmanaged<nint, byte, int>)&SetProcessingEntry;
        v[9] = (nint)(delegate* unmanaged<nint, ProcessData*, int>)&ProcessEntry;
        v[10] = (nint)(delegate* unmanaged<nint, uint>)&GetTailSamplesEntry;
        return (nint)v;
    }

    private static nint BuildContextVtable()
    {
        var v = NewVtable(4);
        v[3] = (nint)(delegate* unmanaged<nint, uint>)&GetProcessContextRequirementsEntry;
        return (nint)v;
    }

    private static nint BuildConnectionVtable()
    {
        var v = NewVtable(6);
        v[3] = (nint)(delegate* unmanaged<nint, nint, int>)&ConnectEntry;
        v[4] = (nint)(delegate* unmanaged<nint, nint, int>)&DisconnectEntry;
        v[5] = (nint)(delegate* unmanaged<nint, nint, int>)&NotifyEntry;
        return (nint)v;
    }

#pragma warning disable CA1031
    [UnmanagedCallersOnly]
    private static int InitializeEntry(nint self, nint context)
    {
        try
        {
            return From<Vst3Processor>(self)?.Initialize(context) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int TerminateEntry(nint self)
    {
        try
        {
            return From<Vst3Processor>(self)?.Terminate() ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetControllerClassIdEntry(nint self, byte* classId)
    {
        try
        {
            if (classId == null)
            {
                return TResult.InvalidArgument;
            }

            Tuid.Write(PluginInfo.ControllerCid, classId);
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetIoModeEntry(nint self, int mode) => TResult.NotImplemented;

    [UnmanagedCallersOnly]
    private static int GetBusCountEntry(nint self, int mediaType, int direction) => GetBusCount(mediaType, direction);

    [UnmanagedCallersOnly]
    private static int GetBusInfoEntry(nint self, int mediaType, int direction, int index, BusInfo* bus)
    {
        try
        {
            return From<Vst3Processor>(self)?.GetBusInfo(mediaType, direction, index, bus) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetRoutingInfoEntry(nint self, void* input, void* output) => TResult.NotImplemented;

    [UnmanagedCallersOnly]
    private static int ActivateBusEntry(nint self, int mediaType, int direction, int index, byte state)
    {
        try
        {
            return From<Vst3Processor>(self)?.ActivateBus(mediaType, direction, index, state != 0) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetActiveEntry(nint self, byte state)
    {
        try
        {
            return From<Vst3Processor>(self)?.SetActive(state != 0) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetStateEntry(nint self, nint stream)
    {
        try
        {
            return From<Vst3Processor>(self)?.SetState(stream) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetStateEntry(nint self, nint stream)
    {
        try
        {
            return From<Vst3Processor>(self)?.GetState(stream) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetBusArrangementsEntry(nint self, ulong* inputs, int inputCount, ulong* outputs, int outputCount)
    {
        try
        {
            return From<Vst3Processor>(self)?.SetBusArrangements(inputs, inputCount, outputs, outputCount) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetBusArrangementEntry(nint self, int direction, int index, ulong* arrangement)
    {
        try
        {
            return From<Vst3Processor>(self)?.GetBusArrangement(direction, index, arrangement) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int CanProcessSampleSizeEntry(nint self, int symbolicSampleSize) =>
        symbolicSampleSize == ProcessSetup.Sample32 ? TResult.Ok : TResult.False;

    [UnmanagedCallersOnly]
    private static uint GetLatencySamplesEntry(nint self)
    {
        try
        {
            var processor = From<Vst3Processor>(self);
            if (processor is null)
            {
                return 0;
            }

            var latency = processor._model.QueryLatencySamples(processor._sampleRateHz);
            if (Diagnostics.Enabled)
            {
                Diagnostics.Trace($"getLatencySamples: {latency}");
            }

            return (uint)latency;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetupProcessingEntry(nint self, ProcessSetup* setup)
    {
        try
        {
            return From<Vst3Processor>(self)?.SetupProcessing(setup) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetProcessingEntry(nint self, byte state) => TResult.Ok;

    [UnmanagedCallersOnly]
    private static int ProcessEntry(nint self, ProcessData* data)
    {
        try
        {
            return From<Vst3Processor>(self)?.Process(data) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static uint GetTailSamplesEntry(nint self)
    {
        try
        {
            return From<Vst3Processor>(self)?.TailSamples() ?? 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static uint GetProcessContextRequirementsEntry(nint self) => 0;

    [UnmanagedCallersOnly]
    private static int ConnectEntry(nint self, nint other)
    {
        try
        {
            return From<Vst3Processor>(self)?.Connect(other) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int DisconnectEntry(nint self, nint other)
    {
        try
        {
            return From<Vst3Processor>(self)?.Disconnect(other) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    // The controller sends nothing the processor needs.
    [UnmanagedCallersOnly]
    private static int NotifyEntry(nint self, nint message) => TResult.Ok;
#pragma warning restore CA1031
}
