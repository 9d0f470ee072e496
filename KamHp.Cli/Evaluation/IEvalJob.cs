using KamHp.Cli.Audio;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// A unit of separation work: one run of a separator that yields the outputs of one or more settings
/// (the offline separator yields every requested iteration count from a single run).
/// </summary>
internal interface IEvalJob
{
    /// <summary>The settings whose outputs <see cref="Separate"/> returns, in that order.</summary>
    IReadOnlyList<EvalSetting> Settings { get; }

    /// <summary>Separates a mixture; progress receives the fraction done, 0..1.</summary>
    IReadOnlyList<StemSeparation> Separate(AudioClip mix, IProgress<double>? progress);
}
