using KamHp.Dsp.Separation;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// Settings of the offline (paper-exact) separator. Defaults are the paper's: 4096/1024, 17 frames, 17 bins,
/// 2 iterations, spatial model on.
/// </summary>
public sealed record KamSettings
{
    /// <summary>Most iterations the offline separator runs.</summary>
    public const int MaxIterations = SeparationDefaults.MaxOfflineIterations;

    /// <summary>FFT size in samples (power of two, 512..16384).</summary>
    public int FftSize { get; init; } = SeparationDefaults.PaperFftSize;

    /// <summary>Hop in samples (FftSize/2, /4 or /8).</summary>
    public int HopSize { get; init; } = SeparationDefaults.PaperHopSize;

    /// <summary>Harmonic kernel: frames in the time median (odd, 3..63). The paper's l_harm.</summary>
    public int HarmonicKernelFrames { get; init; } = SeparationDefaults.PaperHarmonicKernelFrames;

    /// <summary>Percussive kernel: bins in the frequency median (odd, 3..63). The paper's l_perc.</summary>
    public int PercussiveKernelBins { get; init; } = SeparationDefaults.PaperPercussiveKernelBins;

    /// <summary>Kernel backfitting iterations, 1..20. One iteration without the spatial model is FitzGerald 2010.</summary>
    public int Iterations { get; init; } = SeparationDefaults.Iterations;

    /// <summary>Whether R_j(f) is re-estimated (true) or fixed to identity (false).</summary>
    public bool SpatialModel { get; init; } = true;

    /// <summary>The STFT geometry.</summary>
    public StftSettings Stft => new(FftSize, HopSize);

    /// <summary>
    /// Settings with kernels from physical sizes: harmonic length in seconds and percussive width in Hz,
    /// each rounded to the nearest odd count for the given rate, FFT size and hop.
    /// </summary>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <param name="harmonicKernelSeconds">Harmonic kernel length in seconds (paper: 0.395 s).</param>
    /// <param name="percussiveKernelHz">Percussive kernel width in Hz (paper: 183 Hz).</param>
    /// <param name="fftSize">FFT size in samples.</param>
    /// <param name="hopSize">Hop in samples.</param>
    public static KamSettings FromPhysical(
        double sampleRateHz, double harmonicKernelSeconds, double percussiveKernelHz,
        int fftSize = SeparationDefaults.PaperFftSize, int hopSize = SeparationDefaults.PaperHopSize) =>
        new()
        {
            FftSize = fftSize,
            HopSize = hopSize,
            HarmonicKernelFrames = KernelSizes.HarmonicFrames(harmonicKernelSeconds, sampleRateHz, hopSize),
            PercussiveKernelBins = KernelSizes.PercussiveBins(percussiveKernelHz, sampleRateHz, fftSize),
        };

    /// <summary>
    /// The defaults for <paramref name="sampleRateHz"/>: the FFT size for the rate (<see cref="StftSettings.FftSizeForRate"/>)
    /// unless given, the hop rule (<see cref="StftSettings.DefaultHop"/>) unless given, and the default kernels for
    /// that geometry (<see cref="KernelSizes.Defaults"/>). Not validated (an odd hop is the caller's to refuse).
    /// </summary>
    /// <param name="sampleRateHz">Sample rate in Hz, positive.</param>
    /// <param name="fftSize">FFT size in samples, or null for the rate's.</param>
    /// <param name="hopSize">Hop in samples, or null for the hop rule.</param>
    public static KamSettings ForRate(double sampleRateHz, int? fftSize = null, int? hopSize = null)
    {
        int fft = fftSize ?? StftSettings.FftSizeForRate(sampleRateHz);
        int hop = hopSize ?? StftSettings.DefaultHop(fft);
        (int frames, int bins) = KernelSizes.Defaults(sampleRateHz, fft, hop);
        return new KamSettings { FftSize = fft, HopSize = hop, HarmonicKernelFrames = frames, PercussiveKernelBins = bins };
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        _ = Stft;
        ValidateKernel(HarmonicKernelFrames, nameof(HarmonicKernelFrames));
        ValidateKernel(PercussiveKernelBins, nameof(PercussiveKernelBins));
        if (PercussiveKernelBins / 2 >= Stft.BinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(PercussiveKernelBins), PercussiveKernelBins, "Percussive kernel is wider than the spectrum.");
        }

        if (Iterations is < 1 or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"Iterations must be 1..{MaxIterations}.");
        }
    }

    private static void ValidateKernel(int value, string name)
    {
        if (value < KernelSizes.MinCount || value > KernelSizes.MaxCount || value % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Kernel must be odd, {KernelSizes.MinCount}..{KernelSizes.MaxCount}.");
        }
    }
}
