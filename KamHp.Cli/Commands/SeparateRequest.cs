using KamHp.Cli.Audio;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Cli.Commands;

/// <summary>
/// What the user asked <c>kamhp separate</c> for, as typed: null means "not given, use the default".
/// Resolved against the input's sample rate by <see cref="SeparateCommand"/>.
/// </summary>
internal sealed record SeparateRequest
{
    public required string InputPath { get; init; }

    /// <summary>Output folder; null for the input's folder.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>The separation method; <see cref="SeparationMethod.Paper"/> is Algorithm 1 with all its options.</summary>
    public SeparationMethod Method { get; init; } = SeparationMethod.Paper;

    public int Iterations { get; init; } = 2;

    public bool SpatialModel { get; init; } = true;

    /// <summary>FFT size in samples; null for the size that keeps the paper's ~93 ms window at the input's rate.</summary>
    public int? FftSize { get; init; }

    /// <summary>Hop in samples; null for FftSize / 4.</summary>
    public int? HopSize { get; init; }

    public int? HarmonicKernelFrames { get; init; }

    public double? HarmonicKernelSeconds { get; init; }

    public int? PercussiveKernelBins { get; init; }

    public double? PercussiveKernelHz { get; init; }

    /// <summary>Also write the signals after every iteration.</summary>
    public bool EveryIteration { get; init; }

    public WavEncoding Encoding { get; init; } = WavEncoding.Float32;

    /// <summary>Render with the streaming engine (<c>--streaming</c>); null for the offline separator.</summary>
    public StreamingRequest? Streaming { get; init; }
}
