using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;

namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// The host-agnostic audio processor: turns host blocks with parameter queues into engine calls. It coordinates four
/// parts, each in its own file: the values and their thread hand-over (<see cref="ParameterStore"/>, read from the host's
/// queues by <see cref="AutomationReader"/>), values to engine settings (<see cref="SettingsMapper"/>, driven by the
/// table), the latency negotiation with the host (<see cref="LatencyNegotiation"/>) and the latency-keeping bypass
/// (<see cref="Bypass"/>).
/// <list type="bullet">
/// <item>Continuous parameters (balance, levels, output) are sample-accurate: the block is split at every parameter
/// point, the piecewise-linear host curve is sampled at each split and the engine smooths its gains per sample, so
/// automation is click-free.</item>
/// <item>Structural parameters reach the engine through <see cref="KamHpEngine.Configure"/> at the next STFT frame
/// boundary; only the last point of a block counts. What keeps the latency applies at once; a latency change waits for
/// the host (see <see cref="LatencyNegotiation"/>), and the audio switches with the engine's short restart fade.</item>
/// </list>
/// Threading: <see cref="Activate"/>, <see cref="Deactivate"/>, <see cref="QueryLatencySamples"/>, <see cref="LoadState"/>,
/// <see cref="SaveState"/> and <see cref="GetNormalized"/> run on the host's UI thread; <see cref="Process"/> on the audio
/// thread. Process takes no lock and allocates nothing.
/// </summary>
public sealed class KamHpProcessor
{
    /// <summary>Length of the bypass crossfade.</summary>
    public const double BypassFadeSeconds = Bypass.FadeSeconds;

    private static readonly int s_balance = ParameterTable.IndexOf(ParameterId.Balance);
    private static readonly int s_harmonicLevel = ParameterTable.IndexOf(ParameterId.HarmonicLevel);
    private static readonly int s_percussiveLevel = ParameterTable.IndexOf(ParameterId.PercussiveLevel);
    private static readonly int s_output = ParameterTable.IndexOf(ParameterId.Output);
    private static readonly int s_bypass = ParameterTable.IndexOf(ParameterId.Bypass);

    private readonly ParameterStore _store = new();
    private readonly AutomationReader _automation = new();
    private readonly LatencyNegotiation _negotiation;
    private readonly Bypass _bypass = new();
    private readonly double[] _mapped = new double[ParameterTable.Count];

    private KamHpEngine? _engine;
    private bool _active;
    private double _sampleRateHz;
    private int _maxBlockSize;
    private int _channelCount;
    private int _maxLatencySamples;
    private int _engineLatencySamples;
    private EngineSettings _configured = new();

    // The editor's meters and spectrogram: analysed only while an editor listens; the scratch buffers stand in for
    // stem buses the host left off, so the tap always sees the separation.
    private readonly EditorTap _editorTap = new();
    private float[][] _tapScratch = [[], [], [], []];
    private float[] _inputLeft = [];
    private float[] _inputRight = [];
    private float[] _mixLeft = [];
    private float[] _mixRight = [];
    private float _harmonicGain = 1f;
    private float _percussiveGain = 1f;

    /// <summary>Creates a processor with every parameter at its default. Nothing is allocated for audio until <see cref="Activate"/>.</summary>
    public KamHpProcessor()
    {
        _negotiation = new LatencyNegotiation(_store);
    }

    /// <summary>True between <see cref="Activate"/> and <see cref="Deactivate"/>.</summary>
    public bool IsActive => _active;

    /// <summary>What the editor shows of the audio (meters, spectrogram with the split); read on the UI thread.</summary>
    public EditorFeed EditorFeed => _editorTap.Feed;

    /// <summary>Channels of the main buses (1 or 2) of the last activation.</summary>
    public int ChannelCount => _channelCount;

    /// <summary>The latency in samples the audio has now, what the host must be told (fixed between activations).</summary>
    public int LatencySamples => _negotiation.ActiveLatencySamples;

    /// <summary>
    /// The latency the current parameter values need. It differs from <see cref="LatencySamples"/> after a
    /// latency-changing edit until the host re-activates the processor (for a kernel glide: once the glide has rested
    /// for <see cref="LatencyNegotiation.SettleSeconds"/>).
    /// </summary>
    public int PendingLatencySamples => _negotiation.PendingLatencySamples;

    /// <summary>
    /// Allocates for the setup (only when rate, block size or channels changed: a re-activation reuses everything) and
    /// starts a fresh stream: adopts every pending setting, latency included, and resets the engine and the bypass delay.
    /// UI thread, while the audio thread is stopped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Sample rate not positive and finite, block size below 1, channels not 1 or 2.</exception>
    public void Activate(double sampleRateHz, int maxBlockSize, int channelCount)
    {
        if (!double.IsFinite(sampleRateHz) || sampleRateHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "Sample rate must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channelCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channelCount, 2);

        _active = false;
        _store.AdoptOfferedState();
        if (_engine is null || sampleRateHz != _sampleRateHz || maxBlockSize != _maxBlockSize || channelCount != _channelCount)
        {
            Prepare(sampleRateHz, maxBlockSize, channelCount);
        }

        var values = _store.Values;
        var latency = KamHpEngine.ComputeLatencySamples(sampleRateHz, SettingsMapper.Map(values));
        if (latency > _maxLatencySamples)
        {
            throw new InvalidOperationException($"Latency {latency} exceeds the prepared maximum {_maxLatencySamples}.");
        }

        _negotiation.Reset(sampleRateHz, values, latency);
        AdoptActiveSettings(restartEngine: true);
        UpdateGains(snapBypass: true);
        _active = true;
    }

    /// <summary>Stops processing; buffers are kept for the next activation. UI thread.</summary>
    public void Deactivate() => _active = false;

    /// <summary>
    /// The latency the host must use, for the host's latency query (UI thread). When inactive: the latency the next
    /// activation will have at <paramref name="sampleRateHz"/>. When active with a pending latency change: the change is
    /// adopted now (the audio follows at the start of the next block) and the new latency is returned.
    /// </summary>
    public int QueryLatencySamples(double sampleRateHz)
    {
        if (_active)
        {
            return _negotiation.RequestAdoption();
        }

        if (!double.IsFinite(sampleRateHz) || sampleRateHz <= 0)
        {
            return LatencySamples;
        }

        Span<double> values = stackalloc double[ParameterTable.Count];
        _store.ReadSnapshot(values);
        return KamHpEngine.ComputeLatencySamples(sampleRateHz, SettingsMapper.Map(values));
    }

    /// <summary>
    /// Processes one block of <paramref name="sampleCount"/> samples (0 = only apply the parameter changes, a VST3 flush).
    /// Audio thread. When inactive, outputs are silenced and parameter changes are still recorded.
    /// </summary>
    public void Process(in AudioBlock block, int sampleCount, IParameterQueueReader? changes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        if (_store.AdoptOfferedState())
        {
            ApplyStructural(immediate: true);
        }

        if (_active && _negotiation.TryTakeAdoption())
        {
            AdoptActiveSettings(restartEngine: false);
        }

        var render = _active && sampleCount > 0;
        if (!_active)
        {
            ClearOutputs(block, sampleCount);
        }

        _automation.Begin(changes, sampleCount, _store);
        var position = 0;
        while (true)
        {
            var next = _automation.NextPointOffset();
            var end = Math.Min(next, sampleCount);
            if (render && end > position)
            {
                _automation.InterpolateTo(end, _store);
                UpdateGains(snapBypass: false);
                Render(block, position, end);
                position = end;
            }

            if (next == int.MaxValue)
            {
                break;
            }

            if (_automation.ApplyPointsAt(next, _store))
            {
                ApplyStructural(immediate: false);
            }
        }

        _automation.End();
        UpdateGains(snapBypass: false);
        if (render)
        {
            _negotiation.Advance(sampleCount);
        }
    }

    /// <summary>Reads a normalized value (a consistent snapshot, safe from any thread).</summary>
    public double GetNormalized(ParameterId id)
    {
        Span<double> values = stackalloc double[ParameterTable.Count];
        _store.ReadSnapshot(values);
        return values[ParameterTable.IndexOf(id)];
    }

    /// <summary>The current values as an immutable state (UI thread).</summary>
    public PluginState CaptureState()
    {
        Span<double> values = stackalloc double[ParameterTable.Count];
        _store.ReadSnapshot(values);
        return new PluginState(values);
    }

    /// <summary>Serializes the current values (<see cref="PluginStateFormat"/>). UI thread.</summary>
    public byte[] SaveState() => PluginStateFormat.Serialize(CaptureState());

    /// <summary>
    /// Loads a serialized state. Transactional: on any status but <see cref="StateReadStatus.Ok"/> nothing changes.
    /// The values reach the audio thread at the start of its next block. UI thread.
    /// </summary>
    public StateReadStatus LoadState(ReadOnlySpan<byte> data)
    {
        var status = PluginStateFormat.TryDeserialize(data, out var state);
        if (status == StateReadStatus.Ok)
        {
            AdoptState(state!);
        }

        return status;
    }

    /// <summary>Adopts an already parsed state (same hand-over as <see cref="LoadState(ReadOnlySpan{byte})"/>).</summary>
    public void AdoptState(PluginState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _store.Offer(state);

        // Known at once, so that a latency query right after the load already sees it.
        if (_active)
        {
            Span<double> values = stackalloc double[ParameterTable.Count];
            state.CopyTo(values);
            _negotiation.OfferStateLatency(KamHpEngine.ComputeLatencySamples(_sampleRateHz, SettingsMapper.Map(values)));
        }
    }

    /// <summary>Allocates everything the audio path needs for one setup (setup only).</summary>
    private void Prepare(double sampleRateHz, int maxBlockSize, int channelCount)
    {
        var engine = new KamHpEngine();
        engine.Prepare(sampleRateHz, maxBlockSize, channelCount);
        _engine = engine;
        _sampleRateHz = sampleRateHz;
        _maxBlockSize = maxBlockSize;
        _channelCount = channelCount;
        _inputLeft = new float[maxBlockSize];
        _inputRight = new float[maxBlockSize];
        _mixLeft = new float[maxBlockSize];
        _mixRight = new float[maxBlockSize];
        _tapScratch = [new float[maxBlockSize], new float[maxBlockSize], new float[maxBlockSize], new float[maxBlockSize]];
        _editorTap.Prepare(sampleRateHz);

        // Sized once for the largest latency any values give at this rate, so that adopting a latency while running never allocates.
        _maxLatencySamples = SettingsMapper.MaxLatencySamples(sampleRateHz);
        _bypass.Prepare(sampleRateHz, channelCount, _maxLatencySamples, maxBlockSize);
    }

    /// <summary>
    /// Structural values changed (audio thread, or a state adopted): what keeps the engine's latency applies now, the
    /// latency change goes to the negotiation.
    /// </summary>
    private void ApplyStructural(bool immediate)
    {
        var values = _store.Values;
        if (!_active || SettingsMapper.StructuralEqual(values, _mapped))
        {
            return;
        }

        var change = SettingsMapper.Compare(values, _mapped);
        values.CopyTo(_mapped);
        var wanted = SettingsMapper.Map(values);
        var wantedLatency = KamHpEngine.ComputeLatencySamples(_sampleRateHz, wanted);

        // Compared with the engine's own latency, not the reported one, which the UI thread may have just changed.
        var live = wanted;
        if (wantedLatency == _engineLatencySamples)
        {
            _negotiation.InEffect(values);
        }
        else
        {
            live = SettingsMapper.Map(values, _negotiation.ActiveValues);
        }

        if (live != _configured && KamHpEngine.ComputeLatencySamples(_sampleRateHz, live) == _engineLatencySamples)
        {
            _engine!.Configure(live);
            _configured = live;
        }

        _negotiation.Want(values, wantedLatency, change, immediate);
    }

    /// <summary>
    /// Runs the negotiation's active latency values (no allocation). On activation the engine restarts at once; while
    /// running it makes the switch itself, fading out, restarting with the new layout and fading back in (a few ms).
    /// </summary>
    private void AdoptActiveSettings(bool restartEngine)
    {
        var values = _store.Values;
        var settings = SettingsMapper.Map(values, _negotiation.ActiveValues);
        _engine!.Configure(settings);
        if (restartEngine)
        {
            _engine.Reset();
        }

        values.CopyTo(_mapped);
        _configured = settings;
        _engineLatencySamples = KamHpEngine.ComputeLatencySamples(_sampleRateHz, settings);
        _bypass.Reset(_engineLatencySamples);
    }

    private void UpdateGains(bool snapBypass)
    {
        var values = _store.Values;
        var balance = BalanceLaw.Gains(ParameterTable.All[s_balance].ToPlain(values[s_balance]));
        var harmonicLevel = FaderLaw.NormalizedToGain(values[s_harmonicLevel]);
        var percussiveLevel = FaderLaw.NormalizedToGain(values[s_percussiveLevel]);
        var mode = (OutputMode)(int)ParameterTable.All[s_output].ToPlain(values[s_output]);
        (_harmonicGain, _percussiveGain) = mode switch
        {
            OutputMode.HarmonicSolo => ((float)harmonicLevel, 0f),
            OutputMode.PercussiveSolo => (0f, (float)percussiveLevel),
            _ => ((float)(balance.Harmonic * harmonicLevel), (float)(balance.Percussive * percussiveLevel)),
        };
        _bypass.SetEngaged(values[s_bypass] >= 0.5, snapBypass);
    }

    private void Render(in AudioBlock block, int start, int end)
    {
        while (start < end)
        {
            var n = Math.Min(end - start, _maxBlockSize);
            RenderChunk(block, start, n);
            start += n;
        }
    }

    private void RenderChunk(in AudioBlock block, int start, int n)
    {
        var stereo = _channelCount == 2;
        var inLeft = _inputLeft.AsSpan(0, n);
        var inRight = stereo ? _inputRight.AsSpan(0, n) : default;
        CopyOrClear(block.InputLeft, start, inLeft);
        if (stereo)
        {
            CopyOrClear(block.InputRight, start, inRight);
        }

        var mixLeft = block.MainLeft.IsEmpty ? _mixLeft.AsSpan(0, n) : block.MainLeft.Slice(start, n);
        var mixRight = !stereo ? default : block.MainRight.IsEmpty ? _mixRight.AsSpan(0, n) : block.MainRight.Slice(start, n);
        var harmonicLeft = block.HarmonicLeft.IsEmpty ? default : block.HarmonicLeft.Slice(start, n);
        var harmonicRight = !stereo || block.HarmonicRight.IsEmpty ? default : block.HarmonicRight.Slice(start, n);
        var percussiveLeft = block.PercussiveLeft.IsEmpty ? default : block.PercussiveLeft.Slice(start, n);
        var percussiveRight = !stereo || block.PercussiveRight.IsEmpty ? default : block.PercussiveRight.Slice(start, n);

        var tapping = _editorTap.Feed.HasConsumer;
        if (tapping)
        {
            harmonicLeft = harmonicLeft.IsEmpty ? _tapScratch[0].AsSpan(0, n) : harmonicLeft;
            harmonicRight = stereo && harmonicRight.IsEmpty ? _tapScratch[1].AsSpan(0, n) : harmonicRight;
            percussiveLeft = percussiveLeft.IsEmpty ? _tapScratch[2].AsSpan(0, n) : percussiveLeft;
            percussiveRight = stereo && percussiveRight.IsEmpty ? _tapScratch[3].AsSpan(0, n) : percussiveRight;
        }

        _engine!.Process(inLeft, inRight, mixLeft, mixRight, harmonicLeft, harmonicRight, percussiveLeft, percussiveRight,
            _harmonicGain, _percussiveGain);

        // The editor's feed (meters, spectrogram with the split; DESIGN section 9) takes the separation before bypass,
        // so the picture keeps showing what the knob would take out; a single-producer single-consumer buffer that
        // never blocks, and nothing at all while no editor listens.
        if (tapping)
        {
            _editorTap.Process(inLeft, inRight, harmonicLeft, harmonicRight, percussiveLeft, percussiveRight);
        }

        _bypass.Process(inLeft, inRight, mixLeft, mixRight, harmonicLeft, harmonicRight, percussiveLeft, percussiveRight);
    }

    private static void CopyOrClear(ReadOnlySpan<float> source, int start, Span<float> destination)
    {
        if (source.IsEmpty)
        {
            destination.Clear();
        }
        else
        {
            source.Slice(start, destination.Length).CopyTo(destination);
        }
    }

    private static void ClearOutputs(in AudioBlock block, int sampleCount)
    {
        if (sampleCount == 0)
        {
            return;
        }

        ClearPrefix(block.MainLeft, sampleCount);
        ClearPrefix(block.MainRight, sampleCount);
        ClearPrefix(block.HarmonicLeft, sampleCount);
        ClearPrefix(block.HarmonicRight, sampleCount);
        ClearPrefix(block.PercussiveLeft, sampleCount);
        ClearPrefix(block.PercussiveRight, sampleCount);
    }

    private static void ClearPrefix(Span<float> span, int count)
    {
        if (!span.IsEmpty)
        {
            span[..Math.Min(count, span.Length)].Clear();
        }
    }
}
