using KamHp.Dsp.Separation.Methods;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation;

/// <summary>
/// Everything the streaming engine derives from the sample rate and <see cref="EngineSettings"/>: frame geometry,
/// kernel sizes, look-ahead and the exact latency. A pure function of its inputs (<see cref="For"/>), so the latency
/// a plugin reports can be computed without an engine.
/// </summary>
/// <remarks>
/// Latency, in samples: <c>LatencySamples = Framing.LatencySamples + SpreadSamples + Iterations x LookAheadFrames x HopSize</c>.
/// <list type="bullet">
/// <item><c>Framing.LatencySamples</c>: the STFT (<see cref="StftFraming.LatencySamples"/>), FftSize - 1 for the
/// symmetric windows. Frame t ends at sample (t+1)·Hop - 1; the first hop of a frame's output part is final once that
/// frame has been overlap-added, and its earliest sample is OutputSamples - 1 samples older than the frame's end.</item>
/// <item><c>SpreadSamples</c> (= HopSize / <see cref="SpreadDivisor"/>): a frame's work is spread over this many samples after the
/// frame is complete, in bounded slices scheduled by absolute sample count, so that no host block has to carry a whole
/// frame of work (the worst-case block cost is about SpreadSamples / block length times smaller).</item>
/// <item><c>Iterations x LookAheadFrames x HopSize</c>: stage n's harmonic median over frames [u - Past, u + Ahead] can
/// only run Ahead frames after stage n-1 has produced frame u + Ahead.</item>
/// </list>
/// </remarks>
/// <param name="SampleRateHz">Sample rate in Hz.</param>
/// <param name="Framing">FFT size, hop and output part of the streaming STFT (<see cref="StftFraming.Symmetric"/>).</param>
/// <param name="Iterations">Stages, 1..10.</param>
/// <param name="HarmonicKernelFrames">Frames in the harmonic median, odd, 3..63.</param>
/// <param name="PercussiveKernelBins">Bins in the percussive median, odd, 3..63.</param>
/// <param name="LookAheadFrames">Frames after the current one in the harmonic median (Ahead).</param>
/// <param name="SpreadSamples">Samples over which one frame's work is spread.</param>
public readonly record struct EngineLayout(
    double SampleRateHz,
    StftFraming Framing,
    int Iterations,
    int HarmonicKernelFrames,
    int PercussiveKernelBins,
    int LookAheadFrames,
    int SpreadSamples)
{
    /// <summary>
    /// Look-ahead frames per iteration in <see cref="LatencyMode.Balanced"/> (at most (K-1)/2). On the dev corpus
    /// (2 iterations, spatial model, 4 past frames) mean SDR over H and P was 4.1 dB with no look-ahead (Live), 4.8
    /// with 1 frame, 5.0 with 2, 5.4 with 4, and 5.5 for Studio's 8: two frames (46 ms per iteration at 44.1 kHz) recover
    /// two thirds of the gap at 41% of Studio's latency (192 ms against 470 ms), and keep the window odd (4 + 2 + 1).
    /// </summary>
    public const int BalancedLookAheadFrames = 2;

    /// <summary>A frame's work is spread over HopSize / SpreadDivisor samples (one quarter hop: 5.8 ms at 44.1 kHz).</summary>
    public const int SpreadDivisor = 4;

    /// <summary>
    /// The two-resolution geometry of <see cref="LatencyMode.Instant"/> (null in the other modes). Its synthesis frames
    /// are <see cref="Framing"/>; its stages run on estimation frames the layout's other fields do not describe.
    /// </summary>
    public InstantGeometry? Instant { get; init; }

    /// <summary>
    /// Frames before the median's frame in the harmonic window. Studio: (K-1)/2, the paper's symmetric kernel. Live
    /// and Balanced: (K-1)/4 rounded, at least 1 (see <see cref="CausalPastFrames"/>). Instant: <see cref="InstantGeometry.PastFrames"/>.
    /// </summary>
    public int PastFrames => Instant is { } instant ? instant.PastFrames
        : LookAheadFrames == (HarmonicKernelFrames - 1) / 2 ? LookAheadFrames
        : CausalPastFrames(HarmonicKernelFrames);

    /// <summary>
    /// Frames in the harmonic median window actually used, [w - Past, w + Ahead]: K in Studio, fewer in the other modes.
    /// For an even count the median is the upper of the two middle values.
    /// </summary>
    public int HarmonicWindowFrames => PastFrames + LookAheadFrames + 1;

    /// <summary>FFT size in samples.</summary>
    public int FftSize => Framing.FftSize;

    /// <summary>Hop in samples.</summary>
    public int HopSize => Framing.HopSize;

    /// <summary>Bins per frame, FftSize / 2 + 1.</summary>
    public int BinCount => Framing.BinCount;

    /// <summary>Latency of the STFT alone (analysis, overlap-add and work spreading), in samples.</summary>
    public int StftLatencySamples => Framing.LatencySamples + SpreadSamples;

    /// <summary>Total latency in samples: what the plugin reports to the host; the impulse response peaks exactly here.</summary>
    public int LatencySamples => StftLatencySamples + (Iterations * LookAheadFrames * HopSize);

    /// <summary>
    /// True when going from this layout to <paramref name="next"/> needs a restart of the engine (a fade out and in):
    /// the latency changes, or the frame geometry does (another method's frames can have the same latency, e.g. paper
    /// Balanced at 2 iterations and hires Live at 1).
    /// </summary>
    /// <param name="next">The layout of the new settings.</param>
    public bool NeedsRestartFor(EngineLayout next) => next.LatencySamples != LatencySamples || next.Framing != Framing;

    /// <summary>Frames between the newest analysed frame and the frame being resynthesised.</summary>
    public int DelayFrames => Iterations * LookAheadFrames;

    /// <summary>
    /// The layout for <paramref name="settings"/> at <paramref name="sampleRateHz"/>. Values out of range are clamped
    /// (iterations to 1..10, kernels to odd 3..63, unknown modes to Studio, non-finite kernel sizes to the paper's), so this never throws for a positive rate.
    /// </summary>
    /// <param name="sampleRateHz">Sample rate in Hz, positive and finite.</param>
    /// <param name="settings">The settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive and finite.</exception>
    public static EngineLayout For(double sampleRateHz, EngineSettings settings)
    {
        if (!double.IsFinite(sampleRateHz) || sampleRateHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "Sample rate must be positive.");
        }

        StftFraming framing = MethodGeometry.Framing(settings.Method, sampleRateHz);
        int fftSize = framing.FftSize, hopSize = framing.HopSize;
        int iterations = Math.Clamp(settings.Iterations, 1, EngineSettings.MaxIterations);
        double seconds = double.IsFinite(settings.HarmonicKernelSeconds) && settings.HarmonicKernelSeconds > 0
            ? settings.HarmonicKernelSeconds : KernelSizes.PaperHarmonicKernelSeconds;
        double widthHz = double.IsFinite(settings.PercussiveKernelHz) && settings.PercussiveKernelHz > 0
            ? settings.PercussiveKernelHz : KernelSizes.PaperPercussiveKernelHz;
        if (settings.LatencyMode == LatencyMode.Instant)
        {
            var instant = InstantGeometry.For(sampleRateHz, seconds, widthHz);
            var synthesis = new StftFraming(instant.SynthesisFftSize, instant.HopSize, instant.SynthesisFftSize);
            return new EngineLayout(sampleRateHz, synthesis, iterations, (2 * instant.PastFrames) + 1, instant.PercussiveKernelBins, 0, instant.SpreadSamples)
            {
                Instant = instant,
            };
        }

        int harmonic = KernelSizes.HarmonicFrames(Math.Min(seconds, 1e6), sampleRateHz, hopSize);
        int percussive = KernelSizes.PercussiveBins(MethodGeometry.PercussiveKernelHz(settings.Method, Math.Min(widthHz, 1e9)), sampleRateHz, fftSize);
        int ahead = LookAhead(settings.LatencyMode, harmonic);
        return new EngineLayout(sampleRateHz, framing, iterations, harmonic, percussive, ahead, hopSize / SpreadDivisor);
    }

    /// <summary>
    /// Past frames of the harmonic window when the look-ahead is shorter than the past half of the kernel (Live,
    /// Balanced): a quarter of the kernel, (K-1)/4, rounded to an even count (so that the window, past + look-ahead
    /// + 1, has a middle frame), at least 2, at most (K-1)/2. With a one-sided window a note's first frames must
    /// outvote the frames before them, so every extra past frame delays the onset of every note in the harmonic part
    /// and hands it to the percussive part: on the dev corpus, Live at 2 iterations scored 2.2 dB mean SDR with the
    /// paper's 16 past frames and 4.1 dB with 4. Scaling with K keeps the kernel length control meaningful in every mode.
    /// </summary>
    /// <param name="harmonicKernelFrames">The kernel K, odd, 3..63.</param>
    public static int CausalPastFrames(int harmonicKernelFrames)
    {
        int quarterPairs = (int)Math.Round((harmonicKernelFrames - 1) / 8.0, MidpointRounding.AwayFromZero);
        return Math.Min(2 * Math.Max(1, quarterPairs), (harmonicKernelFrames - 1) / 2);
    }

    /// <summary>Look-ahead frames for a mode and a harmonic kernel of <paramref name="harmonicKernelFrames"/> (odd) frames.</summary>
    /// <param name="mode">The latency mode (unknown values are treated as Studio).</param>
    /// <param name="harmonicKernelFrames">Odd kernel length, 3..63.</param>
    public static int LookAhead(LatencyMode mode, int harmonicKernelFrames) => mode switch
    {
        LatencyMode.Live or LatencyMode.Instant => 0,
        LatencyMode.Balanced => Math.Min(BalancedLookAheadFrames, (harmonicKernelFrames - 1) / 2),
        _ => (harmonicKernelFrames - 1) / 2,
    };

    /// <summary>The largest latency any settings can have at <paramref name="sampleRateHz"/> (largest method frame, 10 iterations, Studio, 63-frame kernel).</summary>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    public static int MaxLatencySamples(double sampleRateHz)
    {
        StftFraming framing = MethodGeometry.LargestFraming(sampleRateHz);
        int hopSize = framing.HopSize;
        return framing.LatencySamples + (hopSize / SpreadDivisor) + (EngineSettings.MaxIterations * ((KernelSizes.MaxCount - 1) / 2) * hopSize);
    }
}
