using KamHp.Evaluation;

namespace KamHp.Cli.Evaluation;

/// <summary>Means over the excerpts of one setting.</summary>
/// <param name="Setting">The setting.</param>
/// <param name="ExcerptCount">Excerpts averaged.</param>
/// <param name="Harmonic">Mean dB per metric; NaN if any excerpt's value is not finite.</param>
/// <param name="Percussive">Same for the percussive stem.</param>
/// <param name="Seconds">Mean separation seconds per excerpt.</param>
/// <param name="RealTimeFactor">Total separation seconds over total audio seconds.</param>
/// <param name="LatencySamples">Streaming latency if the same for every excerpt, else null.</param>
internal sealed record EvalMean(
    EvalSetting Setting,
    int ExcerptCount,
    BssEvalMetrics Harmonic,
    BssEvalMetrics Percussive,
    double Seconds,
    double RealTimeFactor,
    int? LatencySamples);
