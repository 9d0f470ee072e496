namespace KamHp.Dsp;

/// <summary>
/// The defaults and limits of every separation setting, defined once: the offline separator (<see cref="Offline.KamSettings"/>),
/// the engine (<see cref="EngineSettings"/>), the plugin's parameter table and the <c>kamhp</c> options read them here.
/// The defaults are the paper's setting (FitzGerald et al. 2014, at 44.1 kHz): 4096-point frames, hop 1024, 17-frame and
/// 17-bin medians, 2 iterations (DESIGN.md section 2).
/// </summary>
public static class SeparationDefaults
{
    /// <summary>The rate the paper's setting is given at, in Hz.</summary>
    public const double PaperSampleRateHz = 44100;

    /// <summary>The paper's FFT size, in samples (93 ms at 44.1 kHz).</summary>
    public const int PaperFftSize = 4096;

    /// <summary>The paper's hop, in samples.</summary>
    public const int PaperHopSize = 1024;

    /// <summary>The hop rule: hop = FFT size / this (the paper's 75% overlap), at every rate.</summary>
    public const int HopDivisor = PaperFftSize / PaperHopSize;

    /// <summary>Smallest FFT size, in samples.</summary>
    public const int MinFftSize = 512;

    /// <summary>Largest FFT size, in samples.</summary>
    public const int MaxFftSize = 16384;

    /// <summary>The paper's harmonic kernel l_harm, in frames.</summary>
    public const int PaperHarmonicKernelFrames = 17;

    /// <summary>The paper's percussive kernel l_perc, in bins.</summary>
    public const int PaperPercussiveKernelBins = 17;

    /// <summary>The paper's harmonic kernel in seconds: 17 frames x 1024 / 44100 Hz = 0.395 s (the default at every rate).</summary>
    public const double HarmonicKernelSeconds = PaperHarmonicKernelFrames * PaperHopSize / PaperSampleRateHz;

    /// <summary>The paper's percussive kernel in Hz: 17 bins x 44100 / 4096 Hz = 183 Hz (the default at every rate).</summary>
    public const double PercussiveKernelHz = PaperPercussiveKernelBins * PaperSampleRateHz / PaperFftSize;

    /// <summary>Smallest kernel, frames or bins (odd).</summary>
    public const int MinKernelCount = 3;

    /// <summary>Largest kernel, frames or bins (odd): the median network's capacity.</summary>
    public const int MaxKernelCount = Filters.LaneMedian.MaxKernelSize;

    /// <summary>Shortest harmonic kernel the plugin offers, in seconds.</summary>
    public const double MinHarmonicKernelSeconds = 0.1;

    /// <summary>Longest harmonic kernel the plugin offers, in seconds.</summary>
    public const double MaxHarmonicKernelSeconds = 1.0;

    /// <summary>Narrowest percussive kernel the plugin offers, in Hz.</summary>
    public const double MinPercussiveKernelHz = 50;

    /// <summary>Widest percussive kernel the plugin offers, in Hz.</summary>
    public const double MaxPercussiveKernelHz = 500;

    /// <summary>The paper's kernel backfitting iterations (its balance between H and P quality).</summary>
    public const int Iterations = 2;

    /// <summary>Most iterations (stages) the streaming engine runs.</summary>
    public const int MaxStreamingIterations = 10;

    /// <summary>Most iterations the offline separator runs.</summary>
    public const int MaxOfflineIterations = 20;

    /// <summary>The paper's Wiener filter: mask sharpness 1.</summary>
    public const float MaskSharpness = 1f;

    /// <summary>Smallest mask sharpness the engine accepts: 0 gives both sources half of every bin.</summary>
    public const float MinMaskSharpness = 0f;

    /// <summary>Largest mask sharpness the engine accepts: close to a binary mask.</summary>
    public const float MaxMaskSharpness = 8f;

    /// <summary>Smallest mask sharpness the plugin offers.</summary>
    public const float MinPluginMaskSharpness = 0.25f;

    /// <summary>Largest mask sharpness the plugin offers.</summary>
    public const float MaxPluginMaskSharpness = 4f;

    /// <summary>Time constant of the streaming spatial covariances, in seconds.</summary>
    public const double SpatialTimeConstantSeconds = 4.0;

    /// <summary>Shortest spatial covariance time constant, in seconds.</summary>
    public const double MinSpatialTimeConstantSeconds = 0.1;

    /// <summary>Longest spatial covariance time constant, in seconds.</summary>
    public const double MaxSpatialTimeConstantSeconds = 600;

    /// <summary>The default latency mode: the paper's symmetric kernels.</summary>
    public const LatencyMode DefaultLatencyMode = LatencyMode.Studio;
}
