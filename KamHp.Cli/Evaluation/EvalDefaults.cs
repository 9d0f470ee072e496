using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Spectral;

namespace KamHp.Cli.Evaluation;

/// <summary>The separators' settings at a given sample rate, as DESIGN.md section 2 fixes them.</summary>
internal static class EvalDefaults
{
    /// <summary>
    /// Offline KAM settings at this rate, the same defaults as <c>kamhp separate</c>: the FFT size that keeps the
    /// paper's ~93 ms window, hop a quarter of it, kernels from <see cref="KernelSizes.Defaults"/> (the paper's
    /// 4096/1024/17/17 at 44.1 and 48 kHz).
    /// </summary>
    public static KamSettings Kam(double sampleRateHz, int iterations, bool spatial)
    {
        int fftSize = StftSettings.FftSizeForRate(sampleRateHz);
        (int harmonicFrames, int percussiveBins) = KernelSizes.Defaults(sampleRateHz, fftSize, fftSize / 4);
        return new KamSettings
        {
            FftSize = fftSize,
            HopSize = fftSize / 4,
            HarmonicKernelFrames = harmonicFrames,
            PercussiveKernelBins = percussiveBins,
            Iterations = iterations,
            SpatialModel = spatial,
        };
    }
}
