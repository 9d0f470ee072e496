using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;
using KamHp.Dsp.Streaming;

namespace KamHp.Dsp;

/// <summary>
/// The streaming harmonic/percussive separator the plugin runs: Kernel Additive Modelling (FitzGerald, Liutkus, Rafii,
/// Pardo, Daudet, "Harmonic/Percussive Separation Using Kernel Additive Modelling", IET ISSC 2014) on a ring-buffered
/// STFT, one stage per iteration, with running spatial covariances.
/// </summary>
/// <remarks>
/// <para>Lifecycle: <see cref="Prepare"/> allocates for the worst case at one sample rate (10 iterations, Studio,
/// 63-frame kernels); <see cref="Configure"/> and <see cref="Process(AudioBuffer, AudioBuffer, AudioBuffer, AudioBuffer, float, float)"/> then never allocate, lock or throw on data.
/// Not thread-safe: one audio thread calls Configure, Process and Reset.</para>
/// <para>Data flow per frame u (every HopSize samples): analysis of frame u; stage n (n = 1..Iterations) filters frame
/// u - (n-1)·Ahead with the previous stage's powers and covariances (eq. 7), updates its covariances, stores its
/// observations z_H in a ring of frames and takes the harmonic median over frames [v - Past, v + Ahead] for frame
/// v = u - n·Ahead (Past = Ahead = (K-1)/2 in Studio; a shorter past in Live and Balanced, see
/// <see cref="EngineLayout.CausalPastFrames"/>), and the percussive median over bins within the frame; the output Wiener filter then runs on frame
/// u - Iterations·Ahead, is resynthesised by overlap-add, and percussive = delayed input - harmonic in the time domain.
/// With the spatial model off and Ahead = Past (Studio) the output equals <see cref="Offline.KamOfflineSeparator"/>'s
/// bit for bit away from the last frames (a test).</para>
/// <para>A frame's work is a fixed list of bounded slices (analysis per channel, each stage's observations in bin
/// chunks, its medians, the output filter in chunks, synthesis per channel), each due at a fixed sample offset after
/// the frame is complete, so the work is spread over <see cref="EngineLayout.SpreadSamples"/> samples and is
/// scheduled by absolute sample count only: output is bit-identical for any partition of the input into host blocks.</para>
/// <para>The engine is a coordinator of parts, each in its folder: the streaming STFT (<see cref="StreamingStft"/>,
/// Spectral/), the stages and the output filter (Stage, StageChain, Separation/), the scheduler that cuts a frame's
/// work into slices (FrameScheduler, Separation/), and the output gains, fades and dry delay (OutputMixer, Streaming/).</para>
/// </remarks>
public sealed partial class KamHpEngine
{
    /// <summary>Input samples smaller than this in magnitude (-300 dBFS) are flushed to zero, so no denormal enters the spectra.</summary>
    public const float DenormalThreshold = 1e-15f;

    /// <summary>Time constant of the per-sample gain smoothing, in seconds.</summary>
    public const double GainSmoothingSeconds = 0.005;

    /// <summary>Length of the fades around a restart (non-finite input, latency-changing settings), in seconds.</summary>
    public const double RestartFadeSeconds = 0.005;

    private const int MaxStages = EngineSettings.MaxIterations;

    private EngineSettings _requested = new();
    private EngineSettings? _pending;
    private EngineLayout _layout;
    private bool _prepared;
    private StreamingStft _stft = null!;        // the STFT of the method in effect (one of the two below)
    private StreamingStft _paperStft = null!;
    private StreamingStft _hiresStft = null!;   // the same object as _paperStft where both methods have the same frames
    private SampleRing[] _harmonicRings = [];   // the overlap-add output per channel of the STFT in effect
    private StageChain _chain = null!;
    private FrameScheduler _scheduler = null!;
    private OutputMixer _mixer = null!;
    private long _clock;                        // samples absorbed since the last restart (the framing clock)
    private bool _fault;                        // a synthesised frame was not finite: mute and restart
    private bool _spatialRequested;

    /// <summary>Sample rate given to <see cref="Prepare"/>, in Hz (0 before).</summary>
    public double SampleRateHz { get; private set; }

    /// <summary>Largest block size given to <see cref="Prepare"/>, in samples.</summary>
    public int MaxBlockSize { get; private set; }

    /// <summary>Channels given to <see cref="Prepare"/>: 1 (mono) or 2 (stereo).</summary>
    public int ChannelCount { get; private set; }

    /// <summary>The settings in effect (those of the last <see cref="Configure"/> once it has been applied).</summary>
    public EngineSettings Settings { get; private set; } = new();

    /// <summary>Frame geometry, kernels and latency in effect.</summary>
    public EngineLayout Layout => _layout;

    /// <summary>
    /// Latency of the settings in effect, in samples: the mix at unity gains is the input delayed by exactly this much.
    /// After a latency-changing <see cref="Configure"/> it changes when the new settings take effect (after a short fade);
    /// <see cref="ComputeLatencySamples"/> gives the new figure at once.
    /// </summary>
    public int LatencySamples => _layout.LatencySamples;

    /// <summary>Exact latency in samples of <paramref name="settings"/> at <paramref name="sampleRateHz"/> (a pure function).</summary>
    /// <param name="sampleRateHz">Sample rate in Hz, positive.</param>
    /// <param name="settings">The settings (out-of-range values are clamped as the engine would).</param>
    public static int ComputeLatencySamples(double sampleRateHz, EngineSettings settings) =>
        EngineLayout.For(sampleRateHz, settings).LatencySamples;

    /// <summary>Lowest sample rate <see cref="Prepare"/> accepts, in Hz.</summary>
    public const double MinSampleRateHz = 1000;

    /// <summary>Highest sample rate <see cref="Prepare"/> accepts, in Hz.</summary>
    public const double MaxSampleRateHz = 4_000_000;

    /// <summary>
    /// Allocates everything for the worst case at <paramref name="sampleRateHz"/> and resets. Not real-time safe.
    /// Calling it again re-prepares (e.g. for another rate).
    /// </summary>
    /// <param name="sampleRateHz">
    /// Sample rate in Hz: <see cref="MinSampleRateHz"/>..<see cref="MaxSampleRateHz"/>. The FFT size follows the rate
    /// (about 93 ms, clamped to 512..16384 samples), so far outside 22.05..192 kHz the window is longer or shorter than
    /// the paper's; hosts (and Steinberg's validator, down to 1234.5678 Hz and up to 1234567.8 Hz) may still ask for such rates.
    /// </param>
    /// <param name="maxBlockSize">Largest host block, 1..1048576 samples (the engine accepts any block size; this is informative).</param>
    /// <param name="channelCount">1 (mono) or 2 (stereo).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public void Prepare(double sampleRateHz, int maxBlockSize, int channelCount = 2)
    {
        if (!double.IsFinite(sampleRateHz) || sampleRateHz < MinSampleRateHz || sampleRateHz > MaxSampleRateHz)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, $"Sample rate must be {MinSampleRateHz}..{MaxSampleRateHz} Hz.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBlockSize, 1 << 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(channelCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channelCount, 2);

        SampleRateHz = sampleRateHz;
        MaxBlockSize = maxBlockSize;
        ChannelCount = channelCount;
        Allocate(sampleRateHz, channelCount);
        _prepared = true;
        _pending = _requested;
        Reset();
    }

    /// <summary>
    /// Requests new settings. Real-time safe after <see cref="Prepare"/> (no allocation; values out of range are clamped).
    /// Settings that keep the latency take effect at the next frame boundary, seamlessly (a stage added in Live mode
    /// starts from the state of the stage before it). Settings that change the latency or the frames (mode; method;
    /// iterations or harmonic kernel outside Live) fade the output out over <see cref="RestartFadeSeconds"/>, restart the engine with the new
    /// layout (output silent for the new latency), and fade back in.
    /// </summary>
    /// <param name="settings">The settings (a value: the engine keeps a copy).</param>
    public void Configure(EngineSettings settings)
    {
        _requested = settings;
        if (!_prepared || (_pending is null && settings == Settings))
        {
            return;   // a plugin may send the same settings every block: nothing to do
        }

        _pending = settings;
        if (_layout.NeedsRestartFor(EngineLayout.For(SampleRateHz, settings)))
        {
            _mixer.BeginFadeOut(_clock);
        }
    }

    /// <summary>
    /// Returns to the state just after <see cref="Prepare"/> (with the latest settings): all history cleared, sample
    /// count zero, gains snapping to the next targets. Real-time safe (clears only small buffers).
    /// </summary>
    /// <exception cref="InvalidOperationException">Called before <see cref="Prepare"/>.</exception>
    public void Reset()
    {
        ThrowIfNotPrepared();
        Restart(fadeIn: false);
        _mixer.SnapGains();
    }

    private void ThrowIfNotPrepared()
    {
        if (!_prepared)
        {
            throw new InvalidOperationException("Call Prepare before Process or Reset.");
        }
    }

    /// <summary>Applies the pending settings (if any) and derives everything the stages use from them.</summary>
    private void ApplyPending()
    {
        if (_pending is null)
        {
            return;
        }

        EngineSettings settings = _pending.Value;
        _pending = null;
        Settings = settings;
        _layout = EngineLayout.For(SampleRateHz, settings);
        _spatialRequested = settings.SpatialModel && MethodGeometry.UsesSpatialModel(settings.Method);
        FrameWorkspace workspace = _chain.Workspace;
        workspace.Layout = _layout;
        SelectFrames();
        workspace.SpatialActive = _spatialRequested && ChannelCount == 2;
        workspace.Sharpness = float.IsFinite(settings.MaskSharpness)
            ? Math.Clamp(settings.MaskSharpness, EngineSettings.MinMaskSharpness, EngineSettings.MaxMaskSharpness)
            : SeparationDefaults.MaskSharpness;
        double tau = double.IsFinite(settings.SpatialTimeConstantSeconds)
            ? Math.Clamp(settings.SpatialTimeConstantSeconds, EngineSettings.MinSpatialTimeConstantSeconds, EngineSettings.MaxSpatialTimeConstantSeconds)
            : SeparationDefaults.SpatialTimeConstantSeconds;
        workspace.Forgetting = RunningCovariance.ForgettingFactor(tau, _layout.HopSize, SampleRateHz);
        ConfigureInstant();
    }

    /// <summary>
    /// Makes the STFT and the workspace's bin count those of the layout in effect. Frames change only at a restart
    /// (<see cref="EngineLayout.NeedsRestartFor"/>), so no history of one geometry is read by the other. Instant keeps
    /// them (its separator has its own transforms).
    /// </summary>
    private void SelectFrames()
    {
        if (_layout.Instant is not null)
        {
            return;
        }

        _stft = _layout.Framing == _hiresStft.Framing ? _hiresStft : _paperStft;
        for (int c = 0; c < _harmonicRings.Length; c++)
        {
            _harmonicRings[c] = _stft.Output(c);
        }

        _chain.Workspace.SetBinCount(_layout.BinCount);
    }

    private void Allocate(double sampleRateHz, int channels)
    {
        // Both methods' transforms, and stages for the larger one's bins: a method change must not allocate.
        var windows = WindowPair.PeriodicHann(MethodGeometry.Framing(SeparationMethod.Paper, sampleRateHz));
        StftFraming largest = MethodGeometry.LargestFraming(sampleRateHz);
        _paperStft = new StreamingStft(windows, channels);
        _hiresStft = largest == windows.Framing ? _paperStft : new StreamingStft(WindowPair.PeriodicHann(largest), channels);
        _stft = _paperStft;
        _harmonicRings = new SampleRing[channels];
        for (int c = 0; c < channels; c++)
        {
            _harmonicRings[c] = _stft.Output(c);
        }

        _chain = new StageChain(MaxStages, channels, largest.BinCount);
        AllocateInstant(sampleRateHz, channels);
        _scheduler = new FrameScheduler();
        int dryLength = EngineLayout.MaxLatencySamples(sampleRateHz) + windows.Framing.HopSize + 1;
        _mixer = new OutputMixer(sampleRateHz, channels, dryLength, GainSmoothingSeconds, RestartFadeSeconds);
    }
}
