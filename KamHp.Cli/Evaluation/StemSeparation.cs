namespace KamHp.Cli.Evaluation;

/// <summary>The separated stems of one excerpt under one setting, aligned with the input.</summary>
/// <param name="Setting">The setting that produced them.</param>
/// <param name="Harmonic">Harmonic estimate, planar, input length.</param>
/// <param name="Percussive">Percussive estimate, planar, input length.</param>
/// <param name="Seconds">Wall-clock seconds the separation took (see <see cref="IEvalJob"/>).</param>
/// <param name="LatencySamples">Reported latency the output was realigned by (streaming), null offline.</param>
internal sealed record StemSeparation(EvalSetting Setting, float[][] Harmonic, float[][] Percussive, double Seconds, int? LatencySamples);
