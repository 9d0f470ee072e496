using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Spectral;

namespace KamHp.Cli.Evaluation;

/// <summary>The separators' settings at a given sample rate, as DESIGN.md section 2 fixes them.</summary>
internal static class EvalDefaults
{
    /// <summary>
    /// Offline KAM settings at this rate: the FFT size that keeps the paper's ~93 ms window, hop a quarter of it,
    /// kernels from the paper's physical sizes (0.395 s, 183 Hz); at 44.1 kHz exactly the paper's 4096/1024/17/17.
    /// </summary>
    public static KamSettings Kam(double sampleRateHz, int iterations, bool spatial)
    {
        int fftSize = StftSettings.FftSizeForRate(sampleRateHz);
        return KamSettings.FromPhysical(sampleRateHz, KernelSizes.PaperHarmonicKernelSeconds, KernelSizes.PaperPercussiveKernelHz, fftSize, fftSize / 4) with
        {
            Iterations = iterations,
            SpatialModel = spatial,
        };
    }
}
