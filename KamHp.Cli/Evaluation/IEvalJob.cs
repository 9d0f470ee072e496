using KamHp.Cli.Audio;

namespace KamHp.Cli.Evaluation;

/// <summary>One setting's separation of a mixture, timed on its own.</summary>
internal interface IEvalJob
{
    /// <summary>The setting whose outputs <see cref="Separate"/> returns.</summary>
    EvalSetting Setting { get; }

    /// <summary>Null when the setting can run at this rate, else why not (one line, naming the option).</summary>
    string? Check(int sampleRateHz);

    /// <summary>Separates a mixture; <see cref="StemSeparation.Seconds"/> is this separation's wall-clock time alone.</summary>
    StemSeparation Separate(AudioClip mix);
}

/// <summary>Creates the job of a setting.</summary>
internal static class EvalJobs
{
    public static IEvalJob Create(EvalSetting setting) => setting.Method switch
    {
        EvalMethod.NWaves => new NWavesJob(),
        EvalMethod.Mixture => new MixtureJob(),
        EvalMethod.Cascade => new CascadeJob(setting),
        EvalMethod.Paper or EvalMethod.HiRes when setting.Mode == EvalMode.Streaming => new StreamingKamJob(setting),
        _ => new OfflineKamJob(setting),
    };
}
