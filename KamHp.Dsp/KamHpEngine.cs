using KamHp.Dsp.Filters;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp;

/// <summary>
/// The streaming harmonic/percussive separator the plugin runs: Kernel Additive Modelling (FitzGerald, Liutkus, Rafii,
/// Pardo, Daudet, "Harmonic/Percussive Separation Using Kernel Additive Modelling", IET ISSC 2014) on a ring-buffered
/// STFT, one stage per iteration, with running spatial covariances.
/// </summary>
/// <remarks>
/// <para>Lifecycle: <see cref="Prepare"/> allocates for the worst case at one sample rate (10 iterations, Studio,
/// 63-frame kernels); <see cref="Configure"/> and <see cref="Process"/> then never allocate, lock or throw on data.
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
    private const int ChunkCount = 4;
    private const int HarmonicRingRows = 64;       // >= largest kernel (63); power of two for the slot mask
    private const int PercussiveRingRows = 32;     // >= largest look-ahead + 1 (32)
    private const int PadBins = KernelSizes.MaxCount / 2;

    private EngineSettings _requested = new();
    private EngineSettings? _pending;
    private EngineLayout _layout;
    private bool _prepared;

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
    /// starts from the state of the stage before it). Settings that change the latency (mode; iterations or harmonic
    /// kernel outside Live) fade the output out over <see cref="RestartFadeSeconds"/>, restart the engine with the new
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
        if (EngineLayout.For(SampleRateHz, settings).LatencySamples != _layout.LatencySamples && _fadeOutRemaining == 0)
        {
            _fadeOutRemaining = _fadeSamples;
            _fadeOutStart = _clock;
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
        _gainsInitialized = false;
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
        _spatialRequested = settings.SpatialModel;
        _sharpness = float.IsFinite(settings.MaskSharpness)
            ? Math.Clamp(settings.MaskSharpness, EngineSettings.MinMaskSharpness, EngineSettings.MaxMaskSharpness)
            : 1f;
        double tau = double.IsFinite(settings.SpatialTimeConstantSeconds)
            ? Math.Clamp(settings.SpatialTimeConstantSeconds, EngineSettings.MinSpatialTimeConstantSeconds, EngineSettings.MaxSpatialTimeConstantSeconds)
            : 4.0;
        _forgetting = RunningCovariance.ForgettingFactor(tau, _layout.HopSize, SampleRateHz);
    }

    private void Allocate(double sampleRateHz, int channels)
    {
        int fftSize = StftSettings.FftSizeForRate(sampleRateHz);
        int hop = fftSize / 4;
        int bins = (fftSize / 2) + 1;
        int padded = (bins + 7) & ~7;
        _fftSize = fftSize;
        _hopSize = hop;
        _bins = bins;
        _paddedBins = padded;
        _chunkBins = (((padded + ChunkCount - 1) / ChunkCount) + 7) & ~7;
        _fft = new FftTransform(fftSize);
        _analysisWindow = new float[fftSize];
        _synthesisWindow = new float[fftSize];
        Windows.PeriodicHann(_analysisWindow);
        Windows.SynthesisWindow(_analysisWindow, hop, _synthesisWindow);
        _frame = new float[fftSize];

        int maxLatency = EngineLayout.MaxLatencySamples(sampleRateHz);
        int drySize = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(maxLatency + hop + 1));
        _dryMask = drySize - 1;
        _olaMask = (2 * fftSize) - 1;
        _xCapacity = (MaxStages * (KernelSizes.MaxCount / 2)) + 1;
        _inputRing = new float[channels][];
        _dryRing = new float[channels][];
        _olaRing = new float[channels][];
        _xReal = new float[channels][];
        _xImag = new float[channels][];
        _hReal = new float[channels][];
        _hImag = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            _inputRing[c] = new float[2 * fftSize];
            _dryRing[c] = new float[drySize];
            _olaRing[c] = new float[2 * fftSize];
            _xReal[c] = new float[_xCapacity * padded];
            _xImag[c] = new float[_xCapacity * padded];
            _hReal[c] = new float[padded];
            _hImag[c] = new float[padded];
        }

        _observationRing = new float[(1 + (MaxStages * HarmonicRingRows)) * padded];
        _percussiveRing = new float[MaxStages * PercussiveRingRows * padded];
        _percussiveObservation = new float[padded + (2 * PadBins) + 8];
        _stageHarmonic = new float[MaxStages + 1][];
        for (int n = 0; n <= MaxStages; n++)
        {
            _stageHarmonic[n] = new float[padded];
        }

        _mask = new float[padded];
        _weightHarmonic = new float[padded];
        _weightPercussive = new float[padded];
        _covarianceHarmonic = new RunningCovariance[MaxStages + 1];
        _covariancePercussive = new RunningCovariance[MaxStages + 1];
        for (int n = 1; n <= MaxStages; n++)
        {
            _covarianceHarmonic[n] = new RunningCovariance(padded);
            _covariancePercussive[n] = n == 1 ? _covarianceHarmonic[1] : new RunningCovariance(padded);   // stage 1: shat_H = shat_P
        }

        _binMedian = new SegmentedRunningMedian(bins);
        _windows = new SortedLaneWindow[MaxStages + 1];
        for (int n = 1; n <= MaxStages; n++)
        {
            _windows[n] = new SortedLaneWindow(padded, KernelSizes.MaxCount);
        }

        _windowSize = new int[(MaxStages + 1) * ChunkCount];
        _windowStale = new bool[(MaxStages + 1) * ChunkCount];
        _steps = new WorkStep[MaxSteps];
        _stepCost = new double[MaxSteps];
        _stageStart = new long[MaxStages + 1];
        _stageBorrow = new int[MaxStages + 1];
        _covarianceInitFrame = new long[MaxStages + 1];
        _covarianceSource = new int[MaxStages + 1];
        _fadeSamples = Math.Max(1, (int)Math.Round(RestartFadeSeconds * sampleRateHz));
        _gainCoefficient = (float)-double.ExpM1(-1.0 / (GainSmoothingSeconds * sampleRateHz));
    }
}
