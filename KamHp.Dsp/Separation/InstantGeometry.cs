using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation;

/// <summary>
/// Frame geometry of the Instant latency mode at one sample rate: two short-time Fourier
/// transforms on the same frame clock. Long <em>estimation</em> frames (twice the paper's window, about 186 ms, with
/// the low-delay analysis window of <see cref="AsymmetricWindowPair"/>), one every <see cref="EstimationStride"/>
/// hops, feed the stages: observations, the percussive median over the current frame's bins, the harmonic median over
/// the last few estimation frames only (Ahead = 0, so iterations cost no latency). Short <em>synthesis</em> frames (an
/// eighth of the paper's, about 11.6 ms, square-root Hann pair), one every hop, are filtered with the mask pooled from
/// the newest estimation frame's powers (<see cref="BandPooledMask"/>) and overlap-added. The output waits only for the
/// short frame. A pure function of the rate and two kernel sizes.
/// </summary>
/// <remarks>
/// <para>Measured on the dev corpus (1 iteration, no spatial model, mean SDR of H and P; FitzGerald 2010 offline scores
/// 5.49 dB): filtering the long asymmetric frame itself 4.09 dB; pooled onto 512-point synthesis frames 4.71 dB;
/// estimation frames of 8192 instead of 4096 points 4.83 dB; six past frames (35 ms) instead of eight 4.94 dB; the
/// percussive kernel at half the paper's width in Hz (17 bins of 8192 points rather than 35) 5.0 dB.
/// Hop 256 scored the same as hop 128 (4.99 against 4.99 dB) at half the work. Estimation on every other hop
/// (<see cref="EstimationStride"/>) halves the work again for 0.1 dB at 1 iteration (4.90 dB); the second stage's
/// narrower percussive kernel and the blended output mask (<see cref="InstantSeparator"/>) make 2 iterations
/// 4.99 dB (see docs/RESULTS.md).</para>
/// <para>Latency = SynthesisFftSize - 1 + SpreadSamples: 527 samples (11.95 ms) at 44.1 kHz, 10.98 ms at 48 kHz,
/// 11.96 ms at 88.2 kHz, 10.99 ms at 96 and 192 kHz.</para>
/// </remarks>
/// <param name="SampleRateHz">Sample rate in Hz.</param>
/// <param name="EstimationFftSize">FFT size of the estimation frames, in samples: 2 x the paper's, at most <see cref="StftSettings.MaxFftSize"/>.</param>
/// <param name="SynthesisFftSize">FFT size of the synthesis frames, in samples: the paper's / 8 (512 at 44.1 kHz), at least <see cref="MinSynthesisFftSize"/>.</param>
/// <param name="HopSize">Hop of the synthesis frames (and the frame clock), in samples: SynthesisFftSize / 2.</param>
/// <param name="PastFrames">Estimation frames before the current one in the causal harmonic median, even.</param>
/// <param name="PercussiveKernelBins">Bins (of the estimation frame) in the percussive median, odd, 3..63.</param>
/// <param name="SpreadSamples">Samples over which a frame's work is spread after the frame is complete.</param>
/// <param name="RefinementPercussiveKernelBins">Bins in the percussive median of stages 2 and later, odd, 3..63 (narrower than the first stage's).</param>
public readonly record struct InstantGeometry(
    double SampleRateHz,
    int EstimationFftSize,
    int SynthesisFftSize,
    int HopSize,
    int PastFrames,
    int PercussiveKernelBins,
    int SpreadSamples,
    int RefinementPercussiveKernelBins)
{
    /// <summary>Smallest synthesis FFT, in samples (the FFT's smallest size): below about 44.1 kHz the latency exceeds 12 ms.</summary>
    public const int MinSynthesisFftSize = StftSettings.MinFftSize;

    /// <summary>
    /// The harmonic median's past, as a fraction of the harmonic kernel length: 1/12, 33 ms at the paper's 0.395 s,
    /// rounded to an even count of estimation frames (2 frames of 512 samples, 23 ms, at 44.1 kHz). The window ends at
    /// the newest frame, so every past frame delays the harmonic part of a note's onset: on the dev corpus (estimation
    /// on every hop of 256 samples) 4 past frames scored 4.90, 6 frames 4.94, 8 frames 4.89, 12 frames 4.61 dB
    /// (estimation 8192 points, percussive kernel 25 bins); on every other hop 2 frames 4.90, 4 frames 4.69 dB.
    /// </summary>
    public const double PastFraction = 1.0 / 12.0;

    /// <summary>
    /// Hops per estimation frame: 2. The estimation (two 8192-point FFTs and every stage) is about 85% of the mode's
    /// work, so estimating on every other hop halves the CPU load (the 0.01 real-time budget at 2 iterations) while
    /// the synthesis still runs every hop, with the newest estimate. Cost on the dev corpus at 1 iteration: 4.90
    /// against 5.00 dB mean SDR (the masks of every other synthesis frame are 256 samples older).
    /// </summary>
    public const int EstimationStride = 2;

    /// <summary>
    /// The percussive kernel of stages 2 and later as a fraction of the kernel width setting: 0.25 (about 46 Hz, 9
    /// bins of an 8192-point frame at 44.1 kHz). Their observations are already the first stage's separated powers, so
    /// the refinement only needs to smooth them across a partial's width: at 2 iterations (output mask blended, estimation
    /// every other hop) 0.15, 0.25 and 0.35 scored 4.99 dB, the first stage's 0.55 4.93 dB, 1.0 4.91 dB (with the
    /// first stage at 0.45: 0.18 / 0.25 / 0.35 all 5.01 dB). It also halves the stage's cost.
    /// </summary>
    public const double RefinementWidthFraction = 0.25;

    /// <summary>
    /// The first stage's percussive kernel width as a fraction of the kernel width setting: 0.55 (about 100 Hz at the
    /// default 183 Hz, 19 bins of an 8192-point frame at 44.1 kHz). Narrower than the paper: the estimation frame is
    /// twice as long, so a partial's peak is narrower in Hz while a drum's spectrum stays flat. On every hop (1
    /// iteration): 17 bins 4.98, 19 bins 5.00, 25 bins 4.94, 35 bins 4.84 dB. With estimation on every other hop (1 / 2
    /// iterations): 0.35 4.84 / 4.97, 0.40 4.88 / 4.98, 0.45 4.91 / 5.01, 0.50 4.90 / 4.99, 0.55 4.90 / 4.99 dB; 0.45's
    /// 0.02 dB is within what five excerpts can tell, and its narrower kernel lets steady partials into the percussive
    /// part (tones and clicks: percussive SDR 2.6 against more than 3 dB), so 0.55 stays.
    /// </summary>
    public const double PercussiveWidthFraction = 0.55;

    /// <summary>A frame's work is spread over HopSize / SpreadDivisor samples (16 at 44.1 kHz), which the 12 ms budget allows.</summary>
    public const int SpreadDivisor = 16;

    /// <summary>Exponent of the estimation window's long rise (<see cref="AsymmetricWindowPair"/>): 1/2, a sine rise (1: 4.42 against 4.71 dB).</summary>
    public const double RiseExponent = 0.5;

    /// <summary>
    /// The estimation window's right-hand taper as a fraction of the synthesis frame: 1/4 (128 samples at 44.1 kHz), so
    /// the window's peak sits a quarter frame before the newest sample, between the centres of the two synthesis frames
    /// an estimate serves (1/2, the synthesis frame's own taper: 4.87 against 4.90 dB at 1 iteration).
    /// </summary>
    public const int TaperDivisor = 4;

    /// <summary>Hop of the estimation frames in samples: HopSize x <see cref="EstimationStride"/>.</summary>
    public int EstimationHopSize => HopSize * EstimationStride;

    /// <summary>Bins of the estimation frame.</summary>
    public int EstimationBinCount => (EstimationFftSize / 2) + 1;

    /// <summary>Bins of the synthesis frame.</summary>
    public int SynthesisBinCount => (SynthesisFftSize / 2) + 1;

    /// <summary>Estimation frames in the harmonic median window: PastFrames + 1 (the newest frame is the median's frame).</summary>
    public int HarmonicWindowFrames => PastFrames + 1;

    /// <summary>Bins in the percussive median of stage <paramref name="stage"/> (1-based).</summary>
    /// <param name="stage">1..10.</param>
    public int PercussiveKernelBinsOf(int stage) => stage == 1 ? PercussiveKernelBins : RefinementPercussiveKernelBins;

    /// <summary>Latency of the two transforms and the work spreading, in samples (iterations add nothing).</summary>
    public int LatencySamples => SynthesisFftSize - 1 + SpreadSamples;

    /// <summary>The geometry at <paramref name="sampleRateHz"/> for the given kernel sizes.</summary>
    /// <param name="sampleRateHz">Sample rate in Hz, positive and finite.</param>
    /// <param name="harmonicKernelSeconds">Harmonic kernel length setting in seconds, positive (the paper's 0.395 s).</param>
    /// <param name="percussiveKernelHz">Percussive kernel width setting in Hz, positive (the paper's 183 Hz).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive and finite.</exception>
    public static InstantGeometry For(double sampleRateHz, double harmonicKernelSeconds, double percussiveKernelHz)
    {
        if (!double.IsFinite(sampleRateHz) || sampleRateHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "Sample rate must be positive.");
        }

        if (!double.IsFinite(harmonicKernelSeconds) || harmonicKernelSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(harmonicKernelSeconds), harmonicKernelSeconds, "Kernel length must be positive.");
        }

        if (!double.IsFinite(percussiveKernelHz) || percussiveKernelHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(percussiveKernelHz), percussiveKernelHz, "Kernel width must be positive.");
        }

        int paper = StftSettings.FftSizeForRate(sampleRateHz);
        int estimation = Math.Min(2 * paper, StftSettings.MaxFftSize);
        int synthesis = Math.Max(paper / 8, MinSynthesisFftSize);
        int hop = synthesis / 2;
        double pastFrames = Math.Min(harmonicKernelSeconds, 1e3) * PastFraction * sampleRateHz / (hop * EstimationStride);
        int past = Math.Clamp(2 * (int)Math.Round(pastFrames / 2, MidpointRounding.AwayFromZero), 2, KernelSizes.MaxCount - 1);
        double widthHz = Math.Min(percussiveKernelHz, 1e9);
        int percussive = KernelSizes.PercussiveBins(widthHz * PercussiveWidthFraction, sampleRateHz, estimation);
        int refinement = KernelSizes.PercussiveBins(widthHz * RefinementWidthFraction, sampleRateHz, estimation);
        return new InstantGeometry(sampleRateHz, estimation, synthesis, hop, past, percussive, Math.Max(1, hop / SpreadDivisor), refinement);
    }

    /// <summary>The estimation frames' analysis window, <see cref="EstimationFftSize"/> samples (allocates).</summary>
    public AsymmetricWindowPair EstimationWindows() =>
        new(EstimationFftSize, 2 * SynthesisFftSize / TaperDivisor, SynthesisFftSize / TaperDivisor, RiseExponent);

    /// <summary>The synthesis frames' square-root Hann pair, <see cref="SynthesisFftSize"/> samples (allocates).</summary>
    public AsymmetricWindowPair SynthesisWindows() => new(SynthesisFftSize, SynthesisFftSize, HopSize);
}
