using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Cli.Commands;

/// <summary>How <c>kamhp separate --streaming</c> drives the engine.</summary>
/// <param name="LatencyMode">The engine's latency mode.</param>
/// <param name="BlockSize">Host block size in samples; null for random sizes.</param>
/// <param name="Seed">Seed of the random block sizes.</param>
internal sealed record StreamingRequest(LatencyMode LatencyMode, int? BlockSize, int Seed)
{
    /// <summary>The separation method the engine runs (the command's <c>--method</c>; hires by default).</summary>
    public SeparationMethod Method { get; init; } = SeparationMethod.HiRes;
}

/// <summary>What one streaming render produced, aligned with the input.</summary>
/// <param name="Harmonic">Harmonic output, planar, input length.</param>
/// <param name="Percussive">Percussive output, planar, input length.</param>
/// <param name="LatencySamples">The engine's reported latency, removed from the outputs.</param>
/// <param name="Settings">The engine settings used.</param>
internal sealed record StreamingResult(float[][] Harmonic, float[][] Percussive, int LatencySamples, EngineSettings Settings);
