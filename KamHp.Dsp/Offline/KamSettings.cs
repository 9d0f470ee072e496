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
    public const int MaxIterations = 20;

    /// <summary>FFT size in samples (power of two, 512..16384).</summary>
    public int FftSize { get; init; } = 4096;

    /// <summary>Hop in samples (FftSize/2, /4 or /8).</summary>
    public int HopSize { get; init; } = 1024;

    /// <summary>Harmonic kernel: frames in the time median (odd, 3..63). The paper's l_harm.</summary>
    public int HarmonicKernelFrames { get; init; } = 17;

    /// <summary>Percussive kernel: bins in the frequency median (odd, 3..63). The paper's l_perc.</summary>
    public int PercussiveKernelBins { get; init; } = 17;

    /// <summary>Kernel backfitting iterations, 1..20. One iteration without the spatial model is FitzGerald 2010.</summary>
    public int Iterations { get; init; } = 2;

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
    public static KamSettings FromPhysical(double sampleRateHz, double harmonicKernelSeconds, double percussiveKernelHz, int fftSize = 4096, int hopSize = 1024) =>
        new()
        {
            FftSize = fftSize,
            HopSize = hopSize,
            HarmonicKernelFrames = KernelSizes.HarmonicFrames(harmonicKernelSeconds, sampleRateHz, hopSize),
            PercussiveKernelBins = KernelSizes.PercussiveBins(percussiveKernelHz, sampleRateHz, fftSize),
        };

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
