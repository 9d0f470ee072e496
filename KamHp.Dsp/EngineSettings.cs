using KamHp.Dsp.Separation.Methods;

namespace KamHp.Dsp;

/// <summary>
/// User-facing settings of <see cref="KamHpEngine"/>. Structural values (iterations, latency mode, kernels) take
/// effect at a frame boundary; see <see cref="KamHpEngine.Configure"/>.
/// </summary>
/// <remarks>
/// A value type, so that a plugin can build new settings on the audio thread (a parameter changed) without allocating.
/// Use <c>new EngineSettings { ... }</c> (defaults below apply); <c>default(EngineSettings)</c> has zero iterations and
/// kernels, which the engine clamps to the smallest valid values.
/// </remarks>
public readonly record struct EngineSettings
{
    /// <summary>The defaults: the paper's 2 iterations and kernels, Studio latency, spatial model on.</summary>
    public EngineSettings()
    {
    }

    /// <summary>Most iterations (stages) the engine runs.</summary>
    public const int MaxIterations = SeparationDefaults.MaxStreamingIterations;

    /// <summary>Smallest <see cref="MaskSharpness"/>: 0 gives both sources half of every bin (no separation).</summary>
    public const float MinMaskSharpness = SeparationDefaults.MinMaskSharpness;

    /// <summary>Largest <see cref="MaskSharpness"/>: close to a binary mask.</summary>
    public const float MaxMaskSharpness = SeparationDefaults.MaxMaskSharpness;

    /// <summary>Shortest spatial covariance time constant, in seconds.</summary>
    public const double MinSpatialTimeConstantSeconds = SeparationDefaults.MinSpatialTimeConstantSeconds;

    /// <summary>Longest spatial covariance time constant, in seconds.</summary>
    public const double MaxSpatialTimeConstantSeconds = SeparationDefaults.MaxSpatialTimeConstantSeconds;

    /// <summary>Kernel backfitting iterations, 1..10 (the paper's balance between H and P quality is 2).</summary>
    public int Iterations { get; init; } = SeparationDefaults.Iterations;

    /// <summary>Look-ahead of the harmonic median, traded against latency.</summary>
    public LatencyMode LatencyMode { get; init; } = SeparationDefaults.DefaultLatencyMode;

    /// <summary>
    /// The separation method (<see cref="MethodGeometry"/>): <see cref="SeparationMethod.Paper"/> (the default here, the
    /// paper's 93 ms frames) or <see cref="SeparationMethod.HiRes"/> (186 ms frames at the paper's hop, the percussive
    /// kernel at 0.55 of its setting, no spatial model). Changes the latency (except where both frames are the largest
    /// FFT, above about 176 kHz). Ignored in <see cref="LatencyMode.Instant"/>, which runs its own estimator.
    /// </summary>
    public SeparationMethod Method { get; init; } = SeparationMethod.Paper;

    /// <summary>Whether running spatial covariances R_j(f) are estimated (stereo, paper method only); false fixes them to identity.</summary>
    public bool SpatialModel { get; init; } = true;

    /// <summary>Harmonic kernel length in seconds, rounded to an odd frame count in 3..63 (paper: 0.395 s, 17 frames at 44.1 kHz).</summary>
    public double HarmonicKernelSeconds { get; init; } = SeparationDefaults.HarmonicKernelSeconds;

    /// <summary>
    /// Percussive kernel width setting in Hz, rounded to an odd bin count in 3..63 (paper: 183 Hz, 17 bins at 44.1 kHz).
    /// Methods and modes on 186 ms frames (hires, Instant) use about 0.55 of it (<see cref="MethodGeometry.PercussiveKernelHz"/>).
    /// </summary>
    public double PercussiveKernelHz { get; init; } = SeparationDefaults.PercussiveKernelHz;

    /// <summary>
    /// Exponent p on the source powers of the output Wiener filter, 0..8: 1 is the paper's filter, larger values
    /// sharpen the masks towards binary, 0 splits every bin half and half. The iterations themselves always use p = 1.
    /// </summary>
    public float MaskSharpness { get; init; } = SeparationDefaults.MaskSharpness;

    /// <summary>Time constant of the running spatial covariances' exponential forgetting, in seconds (0.1..600).</summary>
    public double SpatialTimeConstantSeconds { get; init; } = SeparationDefaults.SpatialTimeConstantSeconds;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first value out of range (for setup code; the engine clamps).</summary>
    public void Validate()
    {
        if (Iterations is < 1 or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"Iterations must be 1..{MaxIterations}.");
        }

        if (!Enum.IsDefined(LatencyMode))
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyMode), LatencyMode, "Unknown latency mode.");
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown separation method.");
        }

        if (!double.IsFinite(HarmonicKernelSeconds) || HarmonicKernelSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HarmonicKernelSeconds), HarmonicKernelSeconds, "Harmonic kernel length must be positive.");
        }

        if (!double.IsFinite(PercussiveKernelHz) || PercussiveKernelHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PercussiveKernelHz), PercussiveKernelHz, "Percussive kernel width must be positive.");
        }

        if (!float.IsFinite(MaskSharpness) || MaskSharpness < MinMaskSharpness || MaskSharpness > MaxMaskSharpness)
        {
            throw new ArgumentOutOfRangeException(nameof(MaskSharpness), MaskSharpness, $"Mask sharpness must be {MinMaskSharpness}..{MaxMaskSharpness}.");
        }

        if (!double.IsFinite(SpatialTimeConstantSeconds) || SpatialTimeConstantSeconds < MinSpatialTimeConstantSeconds || SpatialTimeConstantSeconds > MaxSpatialTimeConstantSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(SpatialTimeConstantSeconds), SpatialTimeConstantSeconds, $"Time constant must be {MinSpatialTimeConstantSeconds}..{MaxSpatialTimeConstantSeconds} s.");
        }
    }
}
