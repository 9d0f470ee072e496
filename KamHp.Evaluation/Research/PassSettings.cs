using KamHp.Dsp.Separation;

namespace KamHp.Evaluation.Research;

/// <summary>Geometry, kernels and masks of one <see cref="MaskedPass"/>.</summary>
internal sealed record PassSettings
{
    /// <summary>FFT size in samples (power of two, 512..16384).</summary>
    public required int FftSize { get; init; }

    /// <summary>Hop in samples (FftSize / 2, / 4 or / 8).</summary>
    public required int HopSize { get; init; }

    /// <summary>Harmonic (time) median length in frames, odd, 3..63.</summary>
    public required int HarmonicKernelFrames { get; init; }

    /// <summary>Percussive (frequency) median width in bins, odd, 3..63.</summary>
    public required int PercussiveKernelBins { get; init; }

    /// <summary>Median/Wiener rounds (KAM backfitting without spatial model), 1 or more.</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>Exponent p on the powers in the final masks; 1 is the Wiener filter.</summary>
    public float MaskExponent { get; init; } = 1f;

    /// <summary>Harmonic margin b_H &gt;= 1 (1: no residual on the harmonic side).</summary>
    public float HarmonicMargin { get; init; } = 1f;

    /// <summary>Percussive margin b_P &gt;= 1.</summary>
    public float PercussiveMargin { get; init; } = 1f;

    /// <summary>A pass with kernels from physical sizes at a sample rate.</summary>
    public static PassSettings FromPhysical(double sampleRateHz, int fftSize, int hopSize, double harmonicKernelSeconds, double percussiveKernelHz) => new()
    {
        FftSize = fftSize,
        HopSize = hopSize,
        HarmonicKernelFrames = KernelSizes.HarmonicFrames(harmonicKernelSeconds, sampleRateHz, hopSize),
        PercussiveKernelBins = KernelSizes.PercussiveBins(percussiveKernelHz, sampleRateHz, fftSize),
    };
}
