using System.Numerics;
using KamHp.Dsp.Offline;

namespace KamHp.Cli.Evaluation;

/// <summary>The separators' settings at a given sample rate, as DESIGN.md section 2 fixes them.</summary>
internal static class EvalDefaults
{
    /// <summary>The paper's window, 4096 samples at 44.1 kHz (92.9 ms).</summary>
    public const double WindowSeconds = 4096 / 44100.0;

    /// <summary>The paper's harmonic kernel, 17 hops of 1024 samples at 44.1 kHz.</summary>
    public const double HarmonicKernelSeconds = 17 * 1024 / 44100.0;

    /// <summary>The paper's percussive kernel, 17 bins of 44100/4096 Hz.</summary>
    public const double PercussiveKernelHz = 17 * 44100 / 4096.0;

    /// <summary>FFT size: the power of two nearest to the paper's 93 ms window (4096 at 44.1 and 48 kHz).</summary>
    public static int FftSize(double sampleRateHz)
    {
        double ideal = WindowSeconds * sampleRateHz;
        int below = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, ideal)) / 2;
        int size = ideal / below < (2.0 * below) / ideal ? below : below * 2;
        return Math.Clamp(size, 512, 16384);
    }

    /// <summary>Offline KAM settings at this rate: FFT size as above, hop a quarter of it, kernels from physical sizes.</summary>
    public static KamSettings Kam(double sampleRateHz, int iterations, bool spatial)
    {
        int fftSize = FftSize(sampleRateHz);
        return KamSettings.FromPhysical(sampleRateHz, HarmonicKernelSeconds, PercussiveKernelHz, fftSize, fftSize / 4) with
        {
            Iterations = iterations,
            SpatialModel = spatial,
        };
    }
}
