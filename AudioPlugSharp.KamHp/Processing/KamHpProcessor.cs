using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;

namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// The host-agnostic audio processor: owns the parameter values, the engine and the bypass path, and turns host blocks
/// with parameter queues into engine calls.
/// <list type="bullet">
/// <item>Continuous parameters (balance, levels, output) are sample-accurate: the block is split at every parameter
/// point, the piecewise-linear host curve is sampled at each split and the engine smooths its gains per sample, so
/// automation is click-free.</item>
/// <item>Structural parameters (iterations, latency mode, spatial model, kernels, mask sharpness) reach the engine through
/// <see cref="KamHpEngine.Configure"/>, which applies them at the next STFT frame boundary. Only the last point of a block
/// counts. A change that would alter the latency is held back (<see cref="PendingLatencySamples"/> differs from
/// <see cref="LatencySamples"/>); the rest of the settings apply at once. The held-back change is adopted on the next
/// <see cref="Activate"/> (hosts that follow the VST3 spec re-activate after restartComponent(kLatencyChanged)), or
/// when the host asks for the latency while active (<see cref="QueryLatencySamples"/>; hosts such as Ardour 7 only
/// re-query): then the audio switches to the new latency at the start of the next block (the engine fades out, restarts
/// with the new layout and fades in over a few ms), so the latency the host was just given is the latency of the audio
/// from then on.</item>
/// <item>Bypass keeps the latency: the dry signal runs through a delay equal to <see cref="LatencySamples"/> and is
/// crossfaded with the processed one over <see cref="BypassFadeSeconds"/>. The engine keeps running while bypassed so that
/// leaving bypass is seamless.</item>
/// </list>
/// Threading: <see cref="Activate"/>, <see cref="Deactivate"/>, <see cref="LoadState"/>, <see cref="SaveState"/> and
/// <see cref="GetNormalized"/> run on the host's UI thread; <see cref="Process"/> on the audio thread. A loaded state is
/// handed over as an immutable object and adopted at the start of the next block; readers see a consistent snapshot
/// through a sequence counter. Process takes no lock and does not allocate, except one small settings object when a
/// structural value actually changes (the engine contract takes <see cref="EngineSettings"/>, a class).
/// </summary>
public sealed class KamHpProcessor
{
    /// <summary>Length of the bypass crossfade.</summary>
    public const double BypassFadeSeconds = 0.02;

    private static readonly int s_balance = ParameterTable.IndexOf(ParameterId.Balance);
    private static readonly int s_harmonicLevel = ParameterTable.IndexOf(ParameterId.HarmonicLevel);
    private static readonly int s_percussiveLevel = ParameterTable.IndexOf(ParameterId.PercussiveLevel);
    private static readonly int s_output = ParameterTable.IndexOf(ParameterId.Output);
    private static readonly int s_iterations = ParameterTable.IndexOf(ParameterId.Iterations);
    private static readonly int s_latencyMode = ParameterTable.IndexOf(ParameterId.LatencyMode);
    private static readonly int s_spatialModel = ParameterTable.IndexOf(ParameterId.SpatialModel);
    private static readonly int s_harmonicKernel = ParameterTable.IndexOf(ParameterId.HarmonicKernel);
    private static readonly int s_percussiveKernel = ParameterTable.IndexOf(ParameterId.PercussiveKernel);
    private static readonly int s_maskSharpness = ParameterTable.IndexOf(ParameterId.MaskSharpness);
    private static readonly int s_bypass = ParameterTable.IndexOf(ParameterId.Bypass);
    private static readonly int s_latency = ParameterTable.IndexOf(ParameterId.Latency);

    private readonly double[] _values = new double[ParameterTable.Count];
    private readonly Cursor[] _cursors = new Cursor[ParameterTable.Count];
    private int _cursorCount;
    private int _sequence;
    private PluginState? _pendingState;

    private KamHpEngine? _engine;
    private bool _active;
    private double _sampleRateHz;
    private int _maxBlockSize;
    private int _channelCount;
    private EngineSettings _activeSettings = new();
    private EngineSettings _configuredSettings = new();
    private EngineSettings _lastWantedSettings = new();
    private int _latencySamples;
    private int _pendingLatencySamples;
    private int _maxLatencySamples;
    private int _engineLatencySamples;
    private bool _structuralDirty;
    private SettingsHandoff? _latencyCommit;

    // The editor's meters and spectrogram: analysed only while an editor listens; the scratch buffers stand in for
    // stem buses the host left off, so the tap always sees the separation.
    private readonly EditorTap _editorTap = new();
    private float[][] _tapScratch = [[], [], [], []];
    private DelayLine[] _dry = [];
    private float[] _inputLeft = [];
    private float[] _inputRight = [];
    private float[] _dryLeft = [];
    private float[] _dryRight = [];
    private float[] _mixLeft = [];
    private float[] _mixRight = [];

    private float _harmonicGain = 1f;
    private float _percussiveGain = 1f;
    private float _bypassTarget;
    private float _bypassMix;
    private float _bypassStep = 1f;

    /// <summary>Creates a processor with every parameter at its default. Nothing is allocated for audio until <see cref="Activate"/>.</summary>
    public KamHpProcessor()
    {
        PluginState.Default.CopyTo(_values);
    }

    /// <summary>True between <see cref="Activate"/> and <see cref="Deactivate"/>.</summary>
    public bool IsActive => _active;

    /// <summary>What the editor shows of the audio (meters, spectrogram with the split); read on the UI thread.</summary>
    public EditorFeed EditorFeed => _editorTap.Feed;

    /// <summary>Channels of the main buses (1 or 2) of the last activation.</summary>
    public int ChannelCount => _channelCount;

    /// <summary>The latency in samples the audio has now, what the host must be told (fixed between activations).</summary>
    public int LatencySamples => Volatile.Read(ref _latencySamples);

    /// <summary>
    /// The latency the current parameter values need. It differs from <see cref="LatencySamples"/> after a
    /// latency-changing edit until the host re-activates the processor.
    /// </summary>
    public int PendingLatencySamples => Volatile.Read(ref _pendingLatencySamples);

    /// <summary>
    /// Allocates for the setup and starts a fresh stream: adopts every pending setting (including latency changes),
    /// resets the engine and the bypass delay. UI thread, while the audio thread is stopped.
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
        AdoptPendingState();
        if (_engine is null || sampleRateHz != _sampleRateHz || maxBlockSize != _maxBlockSize || channelCount != _channelCount)
        {
            var engine = new KamHpEngine();
            engine.Prepare(sampleRateHz, maxBlockSize, channelCount);
            _engine = engine;
            _sampleRateHz = sampleRateHz;
            _maxBlockSize = maxBlockSize;
            _channelCount = channelCount;
            _inputLeft = new float[maxBlockSize];
            _inputRight = new float[maxBlockSize];
            _dryLeft = new float[maxBlockSize];
            _dryRight = new float[maxBlockSize];
            _mixLeft = new float[maxBlockSize];
            _mixRight = new float[maxBlockSize];
            _tapScratch = [new float[maxBlockSize], new float[maxBlockSize], new float[maxBlockSize], new float[maxBlockSize]];

            // The bypass delay is sized once for the largest latency any setting can need at this rate, so that a latency
            // change adopted while running (see QueryLatencySamples) never allocates.
            _maxLatencySamples = MaxLatencySamples(sampleRateHz);
            _dry = new DelayLine[channelCount];
            for (var c = 0; c < channelCount; c++)
            {
                _dry[c] = new DelayLine(_maxLatencySamples, maxBlockSize);
            }
        }

        _editorTap.Prepare(sampleRateHz);
        Volatile.Write(ref _latencyCommit, null);
        var wanted = BuildSettings();
        var latency = KamHpEngine.ComputeLatencySamples(sampleRateHz, wanted);
        if (latency > _maxLatencySamples)
        {
            throw new InvalidOperationException($"Latency {latency} exceeds the prepared maximum {_maxLatencySamples}.");
        }

        AdoptSettings(wanted, latency, restartEngine: true);
        SetPendingLatency(latency);
        _structuralDirty = false;
        UpdateGains();
        _bypassMix = _bypassTarget;
        _bypassStep = (float)(1.0 / Math.Max(1.0, Math.Round(BypassFadeSeconds * sampleRateHz)));
        _active = true;
    }

    /// <summary>Stops processing; buffers are kept for the next activation. UI thread.</summary>
    public void Deactivate() => _active = false;

    /// <summary>
    /// The latency the host must use, for the host's latency query (UI thread). When inactive: the latency the next
    /// activation will have at <paramref name="sampleRateHz"/>. When active with a held-back latency change: the change is
    /// adopted now (the audio follows at the start of the next block) and the new latency is returned.
    /// </summary>
    public int QueryLatencySamples(double sampleRateHz)
    {
        Span<double> values = stackalloc double[ParameterTable.Count];
        ReadSnapshot(values);
        if (!_active)
        {
            return !double.IsFinite(sampleRateHz) || sampleRateHz <= 0
                ? LatencySamples
                : KamHpEngine.ComputeLatencySamples(sampleRateHz, BuildSettings(values));
        }

        var active = LatencySamples;
        var wanted = BuildSettings(values);
        var latency = KamHpEngine.ComputeLatencySamples(_sampleRateHz, wanted);
        if (latency == active || latency > _maxLatencySamples)
        {
            return active;
        }

        // Settings are a value type; the UI thread boxes them once so the audio thread can take them with one atomic exchange.
        Volatile.Write(ref _latencyCommit, new SettingsHandoff(wanted));
        Volatile.Write(ref _latencySamples, latency);
        return latency;
    }

    /// <summary>
    /// Processes one block of <paramref name="sampleCount"/> samples (0 = only apply the parameter changes, a VST3 flush).
    /// Audio thread. When inactive, outputs are silenced and parameter changes are still recorded.
    /// </summary>
    public void Process(in AudioBlock block, int sampleCount, IParameterQueueReader? changes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        if (_active && Volatile.Read(ref _latencyCommit) is not null)
        {
            var commit = Interlocked.Exchange(ref _latencyCommit, null);
            if (commit is not null)
            {
                AdoptSettings(commit.Settings, KamHpEngine.ComputeLatencySamples(_sampleRateHz, commit.Settings), restartEngine: false);
                _structuralDirty = true;
            }
        }

        AdoptPendingState();
        BeginCursors(changes, sampleCount);
        var render = _active && sampleCount > 0;
        if (!_active)
        {
            ClearOutputs(block, sampleCount);
        }

        var position = 0;
        while (true)
        {
            var next = NextPointOffset();
            var end = Math.Min(next, sampleCount);
            if (render && end > position)
            {
                InterpolateTo(end);
                UpdateGains();
                Render(block, position, end);
                position = end;
            }

            if (next == int.MaxValue)
            {
                break;
            }

            ApplyPointsAt(next);
            if (_structuralDirty)
            {
                ApplyStructural();
            }
        }

        if (_structuralDirty)
        {
            ApplyStructural();
        }

        UpdateGains();
    }

    /// <summary>Reads a normalized value (a consistent snapshot, safe from any thread).</summary>
    public double GetNormalized(ParameterId id)
    {
        Span<double> values = stackalloc double[ParameterTable.Count];
        ReadSnapshot(values);
        return values[ParameterTable.IndexOf(id)];
    }

    /// <summary>The current values as an immutable state (UI thread).</summary>
    public PluginState CaptureState()
    {
        var values = new double[ParameterTable.Count];
        ReadSnapshot(values);
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
        Volatile.Write(ref _pendingState, state);

        // Known at once, so that a latency query right after the load already sees it.
        if (_active)
        {
            Span<double> values = stackalloc double[ParameterTable.Count];
            state.CopyTo(values);
            SetPendingLatency(KamHpEngine.ComputeLatencySamples(_sampleRateHz, BuildSettings(values)));
        }
    }

    private void ReadSnapshot(Span<double> destination)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref _sequence);
            if ((before & 1) == 0)
            {
                var pending = Volatile.Read(ref _pendingState);
                if (pending is not null)
                {
                    pending.CopyTo(destination);
                    destination[s_latency] = Volatile.Read(ref _values[s_latency]);
                }
                else
                {
                    for (var i = 0; i < destination.Length; i++)
                    {
                        destination[i] = Volatile.Read(ref _values[i]);
                    }
                }

                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _sequence) == before)
                {
                    return;
                }
            }

            spinner.SpinOnce();
        }
    }

    private void AdoptPendingState()
    {
        if (Volatile.Read(ref _pendingState) is null)
        {
            return;
        }

        Interlocked.Increment(ref _sequence);
        var state = Interlocked.Exchange(ref _pendingState, null);
        if (state is not null)
        {
            var latency = _values[s_latency];
            state.CopyTo(_values);
            _values[s_latency] = latency;
            _structuralDirty = true;
        }

        Interlocked.Increment(ref _sequence);
        if (_structuralDirty)
        {
            ApplyStructural();
        }
    }

    private void BeginCursors(IParameterQueueReader? changes, int sampleCount)
    {
        _cursorCount = 0;
        if (changes is null)
        {
            return;
        }

        var lastOffset = Math.Max(0, sampleCount - 1);
        var queues = changes.QueueCount;
        for (var q = 0; q < queues && _cursorCount < _cursors.Length; q++)
        {
            if (!ParameterTable.TryGetIndex(changes.GetParameterId(q), out var index))
            {
                continue;
            }

            var definition = ParameterTable.All[index];
            var points = changes.GetPointCount(q);
            if (points <= 0 || definition.Has(ParameterTraits.ReadOnly))
            {
                continue;
            }

            // Structural values: only the last point of the block counts (one snapshot per block). The others are still
            // read, as hosts (and Steinberg's validator) expect every point to be consumed.
            var first = definition.Has(ParameterTraits.Structural) ? points - 1 : 0;
            for (var k = 0; k < first; k++)
            {
                changes.TryGetPoint(q, k, out _, out _);
            }

            ref var cursor = ref _cursors[_cursorCount];
            cursor = new Cursor
            {
                Reader = changes,
                Queue = q,
                ParameterIndex = index,
                NextPoint = first,
                PointCount = points,
                Interpolate = definition.Scale != ParameterScale.Stepped,
                LastOffset = lastOffset,
                PreviousOffset = -1,
                PreviousValue = _values[index],
            };
            if (cursor.LoadNext())
            {
                _cursorCount++;
            }
        }
    }

    private int NextPointOffset()
    {
        var next = int.MaxValue;
        for (var i = 0; i < _cursorCount; i++)
        {
            ref var cursor = ref _cursors[i];
            if (cursor.HasNext && cursor.NextOffset < next)
            {
                next = cursor.NextOffset;
            }
        }

        return next;
    }

    private void InterpolateTo(int offset)
    {
        for (var i = 0; i < _cursorCount; i++)
        {
            ref var cursor = ref _cursors[i];
            if (cursor.HasNext && cursor.Interpolate && cursor.NextOffset > offset)
            {
                var t = (double)(offset - cursor.PreviousOffset) / (cursor.NextOffset - cursor.PreviousOffset);
                _values[cursor.ParameterIndex] = cursor.PreviousValue + ((cursor.NextValue - cursor.PreviousValue) * t);
            }
        }
    }

    private void ApplyPointsAt(int offset)
    {
        for (var i = 0; i < _cursorCount; i++)
        {
            ref var cursor = ref _cursors[i];
            while (cursor.HasNext && cursor.NextOffset == offset)
            {
                _values[cursor.ParameterIndex] = cursor.NextValue;
                cursor.PreviousOffset = offset;
                cursor.PreviousValue = cursor.NextValue;
                if (ParameterTable.All[cursor.ParameterIndex].Has(ParameterTraits.Structural))
                {
                    _structuralDirty = true;
                }

                cursor.NextPoint++;
                cursor.LoadNext();
            }
        }
    }

    private void UpdateGains()
    {
        var balance = BalanceLaw.Gains(ParameterTable.All[s_balance].ToPlain(_values[s_balance]));
        var harmonicLevel = FaderLaw.NormalizedToGain(_values[s_harmonicLevel]);
        var percussiveLevel = FaderLaw.NormalizedToGain(_values[s_percussiveLevel]);
        var mode = (OutputMode)(int)ParameterTable.All[s_output].ToPlain(_values[s_output]);
        (_harmonicGain, _percussiveGain) = mode switch
        {
            OutputMode.HarmonicSolo => ((float)harmonicLevel, 0f),
            OutputMode.PercussiveSolo => (0f, (float)percussiveLevel),
            _ => ((float)(balance.Harmonic * harmonicLevel), (float)(balance.Percussive * percussiveLevel)),
        };
        _bypassTarget = _values[s_bypass] >= 0.5 ? 1f : 0f;
    }

    private void ApplyStructural()
    {
        _structuralDirty = false;
        if (_engine is null || !_active)
        {
            return;
        }

        if (SettingsMatchValues(_lastWantedSettings))
        {
            return;
        }

        var wanted = BuildSettings();
        _lastWantedSettings = wanted;
        var wantedLatency = KamHpEngine.ComputeLatencySamples(_sampleRateHz, wanted);
        SetPendingLatency(wantedLatency);

        // Everything that keeps the latency applies now; the latency-changing part waits (see the class remarks).
        // Compared with the engine's own latency, not the reported one, which the UI thread may have just changed.
        var live = wantedLatency == _engineLatencySamples
            ? wanted
            : wanted with
            {
                Iterations = _activeSettings.Iterations,
                LatencyMode = _activeSettings.LatencyMode,
                HarmonicKernelSeconds = _activeSettings.HarmonicKernelSeconds,
            };
        if (live != _configuredSettings && KamHpEngine.ComputeLatencySamples(_sampleRateHz, live) == _engineLatencySamples)
        {
            _engine.Configure(live);
            _configuredSettings = live;
        }
    }

    private void SetPendingLatency(int latencySamples)
    {
        Volatile.Write(ref _pendingLatencySamples, latencySamples);
        Volatile.Write(ref _values[s_latency], ParameterTable.All[s_latency].ToNormalized(latencySamples));
    }

    private EngineSettings BuildSettings() => BuildSettings(_values);

    private static EngineSettings BuildSettings(ReadOnlySpan<double> values) => new()
    {
        Iterations = (int)ParameterTable.All[s_iterations].ToPlain(values[s_iterations]),
        LatencyMode = (LatencyMode)(int)ParameterTable.All[s_latencyMode].ToPlain(values[s_latencyMode]),
        SpatialModel = ParameterTable.All[s_spatialModel].ToPlain(values[s_spatialModel]) >= 0.5,
        HarmonicKernelSeconds = ParameterTable.All[s_harmonicKernel].ToPlain(values[s_harmonicKernel]) / 1000.0,
        PercussiveKernelHz = ParameterTable.All[s_percussiveKernel].ToPlain(values[s_percussiveKernel]),
        MaskSharpness = (float)ParameterTable.All[s_maskSharpness].ToPlain(values[s_maskSharpness]),
    };

    /// <summary>The largest latency any parameter setting gives at this rate (latency grows with iterations and kernel).</summary>
    private static int MaxLatencySamples(double sampleRateHz)
    {
        var longestKernelSeconds = ParameterTable.Get(ParameterId.HarmonicKernel).Maximum / 1000.0;
        var mostIterations = (int)ParameterTable.Get(ParameterId.Iterations).Maximum;
        var max = 0;
        foreach (var mode in (ReadOnlySpan<LatencyMode>)[LatencyMode.Live, LatencyMode.Balanced, LatencyMode.Studio])
        {
            max = Math.Max(max, KamHpEngine.ComputeLatencySamples(sampleRateHz,
                new EngineSettings { Iterations = mostIterations, LatencyMode = mode, HarmonicKernelSeconds = longestKernelSeconds }));
        }

        return max;
    }

    /// <summary>
    /// Adopts settings with a new latency (no allocation). On activation the engine restarts at once; while running it
    /// makes the switch itself, fading out, restarting with the new layout and fading back in (a few ms), so the host's
    /// output has no click.
    /// </summary>
    private void AdoptSettings(EngineSettings settings, int latencySamples, bool restartEngine)
    {
        _engine!.Configure(settings);
        if (restartEngine)
        {
            _engine.Reset();
        }

        _activeSettings = settings;
        _configuredSettings = settings;
        _lastWantedSettings = settings;
        _engineLatencySamples = latencySamples;
        Volatile.Write(ref _latencySamples, latencySamples);
        foreach (var line in _dry)
        {
            line.Reset(latencySamples);
        }
    }

    private bool SettingsMatchValues(EngineSettings settings) =>
        settings.Iterations == (int)ParameterTable.All[s_iterations].ToPlain(_values[s_iterations])
        && settings.LatencyMode == (LatencyMode)(int)ParameterTable.All[s_latencyMode].ToPlain(_values[s_latencyMode])
        && settings.SpatialModel == (ParameterTable.All[s_spatialModel].ToPlain(_values[s_spatialModel]) >= 0.5)
        && settings.HarmonicKernelSeconds == ParameterTable.All[s_harmonicKernel].ToPlain(_values[s_harmonicKernel]) / 1000.0
        && settings.PercussiveKernelHz == ParameterTable.All[s_percussiveKernel].ToPlain(_values[s_percussiveKernel])
        && settings.MaskSharpness == (float)ParameterTable.All[s_maskSharpness].ToPlain(_values[s_maskSharpness]);

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
        if (tapping)
        {
            _editorTap.Process(inLeft, inRight, harmonicLeft, harmonicRight, percussiveLeft, percussiveRight);
        }

        var dryLeft = _dryLeft.AsSpan(0, n);
        var dryRight = stereo ? _dryRight.AsSpan(0, n) : default;
        _dry[0].Process(inLeft, dryLeft);
        if (stereo)
        {
            _dry[1].Process(inRight, dryRight);
        }

        if (_bypassMix == 0f && _bypassTarget == 0f)
        {
            return;
        }

        if (_bypassMix == 1f && _bypassTarget == 1f)
        {
            // Fully bypassed: the dry signal, exactly, and silent stems.
            dryLeft.CopyTo(mixLeft);
            dryRight.CopyTo(mixRight);
            harmonicLeft.Clear();
            harmonicRight.Clear();
            percussiveLeft.Clear();
            percussiveRight.Clear();
            return;
        }

        for (var i = 0; i < n; i++)
        {
            var w = _bypassMix;
            if (w != _bypassTarget)
            {
                w = _bypassTarget > w ? Math.Min(_bypassTarget, w + _bypassStep) : Math.Max(_bypassTarget, w - _bypassStep);
                _bypassMix = w;
            }

            var wet = 1f - w;
            mixLeft[i] = (wet * mixLeft[i]) + (w * dryLeft[i]);
            if (stereo)
            {
                mixRight[i] = (wet * mixRight[i]) + (w * dryRight[i]);
            }

            if (!harmonicLeft.IsEmpty)
            {
                harmonicLeft[i] *= wet;
            }

            if (!harmonicRight.IsEmpty)
            {
                harmonicRight[i] *= wet;
            }

            if (!percussiveLeft.IsEmpty)
            {
                percussiveLeft[i] *= wet;
            }

            if (!percussiveRight.IsEmpty)
            {
                percussiveRight[i] *= wet;
            }
        }
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

    /// <summary>Reading position in one host queue.</summary>
    private struct Cursor
    {
        public IParameterQueueReader Reader;
        public int Queue;
        public int ParameterIndex;
        public int NextPoint;
        public int PointCount;
        public bool Interpolate;
        public int LastOffset;
        public int PreviousOffset;
        public double PreviousValue;
        public int NextOffset;
        public double NextValue;

        public readonly bool HasNext => NextPoint < PointCount;

        /// <summary>Reads the point at <see cref="NextPoint"/>, clamping its offset into the block and to non-decreasing order.</summary>
        public bool LoadNext()
        {
            while (NextPoint < PointCount)
            {
                if (Reader.TryGetPoint(Queue, NextPoint, out var offset, out var value) && !double.IsNaN(value))
                {
                    NextOffset = Math.Clamp(offset, Math.Max(0, PreviousOffset), LastOffset);
                    NextValue = Math.Clamp(value, 0.0, 1.0);
                    return true;
                }

                NextPoint++;
            }

            return false;
        }
    }

    /// <summary>Settings handed from the UI thread to the audio thread by reference exchange (allocated on the UI thread).</summary>
    private sealed class SettingsHandoff(EngineSettings settings)
    {
        public EngineSettings Settings { get; } = settings;
    }
}
