using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation;

/// <summary>
/// Everything the streaming engine derives from the sample rate and <see cref="EngineSettings"/>: frame geometry,
/// kernel sizes, look-ahead and the exact latency. A pure function of its inputs (<see cref="For"/>), so the latency
/// a plugin reports can be computed without an engine.
/// </summary>
/// <remarks>
/// Latency, in samples: <c>LatencySamples = (FftSize - 1) + SpreadSamples + Iterations x LookAheadFrames x HopSize</c>.
/// <list type="bullet">
/// <item><c>FftSize - 1</c>: the STFT. Frame t ends at sample (t+1)·Hop - 1; the first hop of a frame is final once
/// that frame has been overlap-added, and the earliest sample of that hop is FftSize - 1 samples older than the frame's end.</item>
/// <item><c>SpreadSamples</c> (= HopSize / <see cref="SpreadDivisor"/>): a frame's work is spread over this many samples after the
/// frame is complete, in bounded slices scheduled by absolute sample count, so that no host block has to carry a whole
/// frame of work (the worst-case block cost is about SpreadSamples / block length times smaller).</item>
/// <item><c>Iterations x LookAheadFrames x HopSize</c>: stage n's harmonic median over frames [u - Past, u + Ahead] can
/// only run Ahead frames after stage n-1 has produced frame u + Ahead.</item>
/// </list>
/// </remarks>
/// <param name="SampleRateHz">Sample rate in Hz.</param>
/// <param name="FftSize">FFT size in samples (<see cref="StftSettings.FftSizeForRate"/>).</param>
/// <param name="HopSize">Hop in samples, FftSize / 4.</param>
/// <param name="Iterations">Stages, 1..10.</param>
/// <param name="HarmonicKernelFrames">Frames in the harmonic median, odd, 3..63.</param>
/// <param name="PercussiveKernelBins">Bins in the percussive median, odd, 3..63.</param>
/// <param name="LookAheadFrames">Frames after the current one in the harmonic median (Ahead).</param>
/// <param name="SpreadSamples">Samples over which one frame's work is spread.</param>
public readonly record struct EngineLayout(
    double SampleRateHz,
    int FftSize,
    int HopSize,
    int Iterations,
    int HarmonicKernelFrames,
    int PercussiveKernelBins,
    int LookAheadFrames,
    int SpreadSamples)
{
    /// <summary>
    /// Look-ahead frames per iteration in <see cref="LatencyMode.Balanced"/> (at most (K-1)/2). Chosen from the
    /// dev-corpus SDR curve over look-ahead: see the engine's README section in KamHp.Benchmarks/README.md.
    /// </summary>
    public const int BalancedLookAheadFrames = 2;

    /// <summary>A frame's work is spread over HopSize / SpreadDivisor samples (one quarter hop: 5.8 ms at 44.1 kHz).</summary>
    public const int SpreadDivisor = 4;

    /// <summary>Frames before the current one in the harmonic median: K - 1 - Ahead (the window always holds K frames).</summary>
    public int PastFrames => HarmonicKernelFrames - 1 - LookAheadFrames;

    /// <summary>Bins per frame, FftSize / 2 + 1.</summary>
    public int BinCount => (FftSize / 2) + 1;

    /// <summary>Latency of the STFT alone (analysis, overlap-add and work spreading), in samples.</summary>
    public int StftLatencySamples => FftSize - 1 + SpreadSamples;

    /// <summary>Total latency in samples: what the plugin reports to the host; the impulse response peaks exactly here.</summary>
    public int LatencySamples => StftLatencySamples + (Iterations * LookAheadFrames * HopSize);

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

        int fftSize = StftSettings.FftSizeForRate(sampleRateHz);
        int hopSize = fftSize / 4;
        int iterations = Math.Clamp(settings.Iterations, 1, EngineSettings.MaxIterations);
        double seconds = double.IsFinite(settings.HarmonicKernelSeconds) && settings.HarmonicKernelSeconds > 0
            ? settings.HarmonicKernelSeconds : KernelSizes.PaperHarmonicKernelSeconds;
        double widthHz = double.IsFinite(settings.PercussiveKernelHz) && settings.PercussiveKernelHz > 0
            ? settings.PercussiveKernelHz : KernelSizes.PaperPercussiveKernelHz;
        int harmonic = KernelSizes.HarmonicFrames(Math.Min(seconds, 1e6), sampleRateHz, hopSize);
        int percussive = KernelSizes.PercussiveBins(Math.Min(widthHz, 1e9), sampleRateHz, fftSize);
        int ahead = LookAhead(settings.LatencyMode, harmonic);
        return new EngineLayout(sampleRateHz, fftSize, hopSize, iterations, harmonic, percussive, ahead, hopSize / SpreadDivisor);
    }

    /// <summary>Look-ahead frames for a mode and a harmonic kernel of <paramref name="harmonicKernelFrames"/> (odd) frames.</summary>
    /// <param name="mode">The latency mode (unknown values are treated as Studio).</param>
    /// <param name="harmonicKernelFrames">Odd kernel length, 3..63.</param>
    public static int LookAhead(LatencyMode mode, int harmonicKernelFrames) => mode switch
    {
        LatencyMode.Live => 0,
        LatencyMode.Balanced => Math.Min(BalancedLookAheadFrames, (harmonicKernelFrames - 1) / 2),
        _ => (harmonicKernelFrames - 1) / 2,
    };

    /// <summary>The largest latency any settings can have at <paramref name="sampleRateHz"/> (10 iterations, Studio, 63-frame kernel).</summary>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    public static int MaxLatencySamples(double sampleRateHz)
    {
        int fftSize = StftSettings.FftSizeForRate(sampleRateHz);
        int hopSize = fftSize / 4;
        return fftSize - 1 + (hopSize / SpreadDivisor) + (EngineSettings.MaxIterations * ((KernelSizes.MaxCount - 1) / 2) * hopSize);
    }
}
