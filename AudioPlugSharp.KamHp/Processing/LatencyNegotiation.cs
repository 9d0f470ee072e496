using AudioPlugSharp.KamHp.Parameters;

namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// Which latency the audio has, which one the parameters want, and when the second becomes the first.
/// <list type="bullet">
/// <item><see cref="ActiveLatencySamples"/>: what the host was told, fixed between adoptions. The engine runs the
/// latency-affecting values of <see cref="ActiveValues"/>; every other structural value applies at once.</item>
/// <item><see cref="PendingLatencySamples"/>: the latency of the published values. The processor reports it through the
/// read-only Latency parameter; the controller asks the host for a restart when it differs from the active one.</item>
/// <item>Adoption: on activation (<see cref="Reset"/>; hosts that follow the VST3 spec re-activate after
/// restartComponent(kLatencyChanged)), or when the host asks for the latency while active (<see cref="RequestAdoption"/>
/// on the UI thread; hosts such as Ardour 7 only re-query): the audio thread takes the request at the start of its next
/// block (<see cref="TryTakeAdoption"/>) and the engine switches with a short fade.</item>
/// </list>
/// <para>
/// No restart storms (issue 15). A stepped value (iterations, latency mode) or a loaded state is one decision and is
/// published at once: one restart. A continuous latency-affecting value (the harmonic kernel length: in Studio the
/// look-ahead is half the kernel) is published only once it has rested for <see cref="SettleSeconds"/> of audio, so a
/// glide of any length, however many latency values it crosses, asks the host for at most one restart, at its end; until
/// then the engine keeps the kernel in effect (the audio never has a latency the host was not told). We chose this over
/// fixing each mode's latency at its longest kernel because that would more than double Studio's default latency
/// (22,783 to 51,455 samples, 0.47 s to 1.07 s, at 48 kHz and 2 iterations) for every user, to serve the rare one who automates the kernel; and over
/// restarts on a gesture's release because the processor never sees gestures, only values.
/// </para>
/// Threading: <see cref="Reset"/> runs on the UI thread while the audio thread is stopped; <see cref="RequestAdoption"/>
/// and <see cref="OfferStateLatency"/> on the UI thread; everything else on the audio thread. No allocation after construction.
/// </summary>
internal sealed class LatencyNegotiation(ParameterStore store)
{
    /// <summary>How long a continuous latency-affecting value must rest before its latency is published, in seconds of audio.</summary>
    public const double SettleSeconds = 1.0;

    private static readonly ParameterDefinition s_latencyParameter = ParameterTable.Get(ParameterId.Latency);

    private readonly double[] _activeValues = new double[ParameterTable.Count];
    private readonly double[] _publishedValues = new double[ParameterTable.Count];
    private readonly double[] _candidateValues = new double[ParameterTable.Count];
    private int _activeLatency;
    private int _pendingLatency;
    private int _candidateLatency;
    private bool _waiting;
    private long _restSamples;
    private long _settleSamples = long.MaxValue;
    private int _adoptRequest = -1;

    /// <summary>The latency the audio has and the host was told, in samples.</summary>
    public int ActiveLatencySamples => Volatile.Read(ref _activeLatency);

    /// <summary>The latency of the published values, in samples (equal to the active one when nothing waits).</summary>
    public int PendingLatencySamples => Volatile.Read(ref _pendingLatency);

    /// <summary>The values whose latency-affecting entries the engine runs (audio thread).</summary>
    public ReadOnlySpan<double> ActiveValues => _activeValues;

    /// <summary>True while a continuous change waits to rest (audio thread; for tests and the soak).</summary>
    public bool IsSettling => _waiting;

    /// <summary>Starts from <paramref name="values"/> at <paramref name="latencySamples"/> (activation).</summary>
    public void Reset(double sampleRateHz, ReadOnlySpan<double> values, int latencySamples)
    {
        _settleSamples = (long)Math.Ceiling(SettleSeconds * sampleRateHz);
        SettingsMapper.CopyLatencyValues(values, _activeValues);
        SettingsMapper.CopyLatencyValues(values, _publishedValues);
        _waiting = false;
        _restSamples = 0;
        Volatile.Write(ref _adoptRequest, -1);
        Volatile.Write(ref _activeLatency, latencySamples);
        SetPending(latencySamples);
    }

    /// <summary>
    /// The structural values changed to <paramref name="values"/>, whose latency is <paramref name="latencySamples"/>.
    /// <paramref name="immediate"/>: a stepped value or a state changed (publish now); otherwise a continuous one did
    /// (wait until it rests).
    /// </summary>
    public void Want(ReadOnlySpan<double> values, int latencySamples, LatencyValueChange change, bool immediate)
    {
        if (immediate || change == LatencyValueChange.Stepped)
        {
            _waiting = false;
            Publish(values, latencySamples);
        }
        else if (change == LatencyValueChange.Continuous)
        {
            SettingsMapper.CopyLatencyValues(values, _candidateValues);
            _candidateLatency = latencySamples;
            _waiting = true;
            _restSamples = 0;
        }
    }

    /// <summary>The engine now runs the latency-affecting values of <paramref name="values"/> (they kept its latency).</summary>
    public void InEffect(ReadOnlySpan<double> values) => SettingsMapper.CopyLatencyValues(values, _activeValues);

    /// <summary><paramref name="samples"/> of audio went by: a rested continuous change is published.</summary>
    public void Advance(int samples)
    {
        if (!_waiting)
        {
            return;
        }

        _restSamples += samples;
        if (_restSamples >= _settleSamples)
        {
            _waiting = false;
            Publish(_candidateValues, _candidateLatency);
        }
    }

    /// <summary>A state was loaded on the UI thread while active: its latency is pending at once (the values follow on the audio thread).</summary>
    public void OfferStateLatency(int latencySamples) => SetPending(latencySamples);

    /// <summary>
    /// The host asks for the latency while active (UI thread): a pending latency becomes the active one now and the audio
    /// follows at the start of the next block. Returns the latency the host must use.
    /// </summary>
    public int RequestAdoption()
    {
        var pending = PendingLatencySamples;
        if (pending == ActiveLatencySamples)
        {
            return pending;
        }

        Volatile.Write(ref _adoptRequest, pending);
        Volatile.Write(ref _activeLatency, pending);
        return pending;
    }

    /// <summary>
    /// Takes an adoption requested by <see cref="RequestAdoption"/> (audio thread): the published values become the active
    /// ones. False when none was requested.
    /// </summary>
    public bool TryTakeAdoption()
    {
        if (Volatile.Read(ref _adoptRequest) < 0 || Interlocked.Exchange(ref _adoptRequest, -1) < 0)
        {
            return false;
        }

        // If values were published after the host's query, the audio takes the newest: the latency it reports is the
        // truth, and the controller asks for another restart as the pending value moved.
        SettingsMapper.CopyLatencyValues(_publishedValues, _activeValues);
        Volatile.Write(ref _activeLatency, PendingLatencySamples);
        return true;
    }

    private void Publish(ReadOnlySpan<double> values, int latencySamples)
    {
        SettingsMapper.CopyLatencyValues(values, _publishedValues);
        SetPending(latencySamples);
    }

    private void SetPending(int latencySamples)
    {
        Volatile.Write(ref _pendingLatency, latencySamples);
        store.SetLatencyNormalized(s_latencyParameter.ToNormalized(latencySamples));
    }
}
