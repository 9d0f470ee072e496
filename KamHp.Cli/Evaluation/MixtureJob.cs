using KamHp.Cli.Audio;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The lower anchor: no separation, the mixture itself scored as the harmonic and as the percussive estimate. Its
/// SIR is the stems' level ratio and its SAR is infinite (the mixture lies in the span of the references).
/// </summary>
internal sealed class MixtureJob : IEvalJob
{
    public EvalSetting Setting { get; } = new(EvalMethod.Mixture, EvalMode.Offline, null, 1, false);

    public string? Check(int sampleRateHz) => null;

    public StemSeparation Separate(AudioClip mix) => new(Setting, mix.Channels, mix.Channels, 0, null);
}
