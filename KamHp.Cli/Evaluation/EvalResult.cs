using KamHp.Evaluation;

namespace KamHp.Cli.Evaluation;

/// <summary>Scores of one excerpt under one setting.</summary>
/// <param name="Excerpt">Excerpt folder name.</param>
/// <param name="Setting">The setting.</param>
/// <param name="Harmonic">Harmonic output against the true harmonic stem.</param>
/// <param name="Percussive">Percussive output against the true percussive stem.</param>
/// <param name="Seconds">Separation wall-clock seconds.</param>
/// <param name="RealTimeFactor">Seconds divided by the excerpt's duration (below 1 is faster than real time).</param>
/// <param name="LatencySamples">Streaming latency the output was aligned by; null offline.</param>
internal sealed record EvalResult(
    string Excerpt,
    EvalSetting Setting,
    BssEvalMetrics Harmonic,
    BssEvalMetrics Percussive,
    double Seconds,
    double RealTimeFactor,
    int? LatencySamples);
