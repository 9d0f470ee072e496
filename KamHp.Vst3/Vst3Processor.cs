using System.Numerics;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// The VST3 component: IComponent (+ IPluginBase), IAudioProcessor, IProcessContextRequirements and IConnectionPoint on
/// one object, one interface pointer each. Buses: a main input, a main output (the mix) and two auxiliary outputs
/// (harmonic, percussive; inactive by default), all stereo, or all mono when the host asks for mono. The audio work is
/// done by the host-agnostic <see cref="KamHpProcessor"/>.
/// </summary>
internal sealed unsafe class Vst3Processor : ComObject, IComponent, IAudioProcessor, IProcessContextRequirements, IConnectionPoint
{
    private const ulong SpeakerStereo = 0x3;
    private const ulong SpeakerMono = 0x80000;
    private const ulong SpeakerEmpty = 0;
    private const int OutputBusCount = 3;
    private const double TailSeconds = 0.25;

    /// <summary>
    /// Sample rates KamHp accepts. Steinberg's validator tries 1.2 kHz to 1.2 MHz; far outside, the STFT layout (sized
    /// from the rate) would ask for absurd memory, so such a setup is refused instead of failing at activation.
    /// </summary>
    private const double MinSampleRateHz = 1000;
    private const double MaxSampleRateHz = 2_000_000;

    /// <summary>
    /// The block size the model is prepared for at most. Longer host blocks are processed in pieces anyway, so a host
    /// announcing maxSamplesPerBlock = 2^31 - 1 does not make KamHp allocate gigabytes.
    /// </summary>
    private const int MaxModelBlockSize = 8192;

    private readonly KamHpProcessor _model = new();
    private readonly Vst3ParameterChanges _changes = new();
    private readonly ulong[] _outputArrangements = [SpeakerStereo, SpeakerStereo, SpeakerStereo];
    private readonly bool[] _outputActive = [true, false, false];
    private ulong _inputArrangement = SpeakerStereo;
    private HostContext _hostContext;
    private PeerConnection _peer;
    private double _sampleRateHz = 44100;
    private int _maxBlockSize = 1024;
    private int _reportedLatency = -1;

    // The controller finds this processor's editor feed by this token (sent with the activation message).
    private readonly long _feedToken;

    public Vst3Processor()
        : base(ComponentAbi.Interface, AudioProcessorAbi.Interface, ProcessContextRequirementsAbi.Interface, ConnectionPointAbi.Interface)
    {
        _feedToken = EditorFeedRegistry.Register(_model.EditorFeed);
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

        _hostContext.Terminate();
    }

    // ---- IPluginBase ----
    public int Initialize(nint context) => _hostContext.Initialize(context);

    public int Terminate()
    {
        _model.Deactivate();
        ReleaseHostReferences();
        return TResult.Ok;
    }

    // ---- IComponent ----
    public int GetControllerClassId(byte* classId)
    {
        if (classId == null)
        {
            return TResult.InvalidArgument;
        }

        Tuid.Write(PluginInfo.ControllerCid, classId);
        return TResult.Ok;
    }

    public int SetIoMode(int mode) => TResult.NotImplemented;

    public int GetBusCount(int mediaType, int direction) => BusCount(mediaType, direction);

    public int GetRoutingInfo(void* inInfo, void* outInfo) => TResult.NotImplemented;

    private static int BusCount(int mediaType, int direction) =>
        mediaType != BusInfo.MediaAudio ? 0
        : direction == BusInfo.DirectionInput ? 1
        : direction == BusInfo.DirectionOutput ? OutputBusCount
        : 0;

    public int GetBusInfo(int mediaType, int direction, int index, BusInfo* bus)
    {
        if (bus == null || mediaType != BusInfo.MediaAudio || index < 0 || index >= BusCount(mediaType, direction))
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

    public int ActivateBus(int mediaType, int direction, int index, byte state)
    {
        if (mediaType != BusInfo.MediaAudio || index < 0 || index >= BusCount(mediaType, direction))
        {
            return TResult.InvalidArgument;
        }

        if (direction == BusInfo.DirectionOutput)
        {
            _outputActive[index] = state != 0;
        }

        return TResult.Ok;
    }

    public int SetActive(byte state)
    {
        if (state == 0)
        {
            Diagnostics.Trace("setActive(false)");
            _model.Deactivate();
            return TResult.Ok;
        }

        if (!_model.IsActive)
        {
            Activate();
        }

        return TResult.Ok;
    }

    /// <summary>
    /// (Re-)activates the model with the current setup and tells the controller the latency. A re-activation while
    /// active (a host changing the setup without setActive(false)) asks the controller to have the host re-read it.
    /// </summary>
    private void Activate()
    {
        var previousLatency = _model.IsActive ? _model.LatencySamples : -1;
        _model.Activate(_sampleRateHz, Math.Min(_maxBlockSize, MaxModelBlockSize), BitOperations.PopCount(_inputArrangement));
        _reportedLatency = -1;
        var latency = _model.LatencySamples;
        Diagnostics.Trace($"activate: {_sampleRateHz} Hz, block {_maxBlockSize}, latency {latency}");
        Messages.SendActivated(_hostContext.Pointer, _peer.Peer, latency, latencyChanged: previousLatency >= 0 && previousLatency != latency, _feedToken);
    }

    public int SetState(nint stream)
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

    public int GetState(nint stream) =>
        stream == 0 ? TResult.InvalidArgument : Host.WriteFully(stream, _model.SaveState()) ? TResult.Ok : TResult.False;

    // ---- IAudioProcessor ----
    public int SetBusArrangements(ulong* inputs, int inputCount, ulong* outputs, int outputCount)
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

        // Only while inactive (the VST3 call order): the active engine keeps its channel count until re-activation.
        if (_model.IsActive && main != _inputArrangement)
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

    public int GetBusArrangement(int direction, int index, ulong* arrangement)
    {
        if (arrangement == null || index < 0 || index >= BusCount(BusInfo.MediaAudio, direction))
        {
            return TResult.InvalidArgument;
        }

        *arrangement = direction == BusInfo.DirectionInput ? _inputArrangement : _outputArrangements[index];
        return TResult.Ok;
    }

    public int CanProcessSampleSize(int symbolicSampleSize) =>
        symbolicSampleSize == ProcessSetup.Sample32 ? TResult.Ok : TResult.False;

    public uint GetLatencySamples()
    {
        var latency = _model.QueryLatencySamples(_sampleRateHz);
        if (Diagnostics.Enabled)
        {
            Diagnostics.Trace($"getLatencySamples: {latency}");
        }

        return (uint)latency;
    }

    public int SetProcessing(byte state) => TResult.Ok;

    public uint GetProcessContextRequirements() => 0;

    public int SetupProcessing(ProcessSetup* setup)
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

        if (setup->SampleRate < MinSampleRateHz || setup->SampleRate > MaxSampleRateHz)
        {
            return TResult.False;
        }

        var changed = setup->SampleRate != _sampleRateHz || setup->MaxSamplesPerBlock != _maxBlockSize;
        _sampleRateHz = setup->SampleRate;
        _maxBlockSize = setup->MaxSamplesPerBlock;

        // Hosts must deactivate first; some do not. Apply the new setup now rather than say OK and run at the old rate.
        if (changed && _model.IsActive)
        {
            Activate();
        }

        return TResult.Ok;
    }

    public uint GetTailSamples() => (uint)(_model.LatencySamples + (int)Math.Ceiling(TailSeconds * _sampleRateHz));

    public int Process(ProcessData* data)
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

        _changes.Attach(data->InputParameterChanges, n);
        try
        {
            if (n == 0)
            {
                // A flush: parameter changes only. The bus structs are not touched at all.
                _model.Process(default, default, default, default, 0, _changes);
            }
            else
            {
                ProcessAudio(data, n);
            }
        }
        finally
        {
            _changes.Attach(0, 0);
        }

        ReportLatency(data->OutputParameterChanges);
        return TResult.Ok;
    }

    private void ProcessAudio(ProcessData* data, int n)
    {
        var channels = _model.IsActive ? _model.ChannelCount : BitOperations.PopCount(_inputArrangement);
        var stereo = channels == 2;
        var inputs = HostBuses.TrustedCount(data->Inputs, data->NumInputs, 1);
        var outputs = HostBuses.TrustedCount(data->Outputs, data->NumOutputs, OutputBusCount);
        var input = HostBuses.Bus(data->Inputs, inputs, 0);
        var main = HostBuses.Bus(data->Outputs, outputs, 0);
        var harmonic = _outputActive[1] ? HostBuses.Bus(data->Outputs, outputs, 1) : null;
        var percussive = _outputActive[2] ? HostBuses.Bus(data->Outputs, outputs, 2) : null;
        _model.Process(
            Buffer(input, n, stereo), Buffer(main, n, stereo), Buffer(harmonic, n, stereo), Buffer(percussive, n, stereo), n, _changes);
        HostBuses.Finish(data->Outputs, outputs, _outputActive, channels, n);
    }

    /// <summary>Channels 0 and (stereo) 1 of a host bus as one buffer; a missing bus or channel is an empty channel.</summary>
    private static AudioBuffer Buffer(AudioBusBuffers* bus, int n, bool stereo) =>
        new(HostBuses.Channel(bus, 0, n), stereo ? HostBuses.Channel(bus, 1, n) : default);

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
        var queue = ParameterChangesAbi.AddParameterData(outputChanges, &id, &queueIndex);
        int pointIndex = 0;
        if (queue != 0 && ParamValueQueueAbi.AddPoint(queue, 0, ParameterTable.Get(ParameterId.Latency).ToNormalized(pending), &pointIndex) == TResult.Ok)
        {
            _reportedLatency = pending;
        }
    }

    // ---- IConnectionPoint ----
    public int Connect(nint other) => _peer.Connect(other);

    public int Disconnect(nint other) => _peer.Disconnect(other);

    // The controller sends nothing the processor needs.
    public int Notify(nint message) => TResult.Ok;
}
