using KamHp.Cli.Audio;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The real-time engine over the whole mixture, aligned by its reported latency.
/// TODO(issue 6): the streaming engine (KamHpEngine, issue 5) is not on main yet; until it is, streaming evaluation
/// is refused with a usage error.
/// </summary>
internal sealed class StreamingKamJob : IEvalJob
{
    public StreamingKamJob(string latencyMode, int iterations, bool spatial)
    {
        Settings = [new EvalSetting(EvalMethod.Kam, EvalMode.Streaming, latencyMode, iterations, spatial)];
        throw new NotSupportedException("--mode streaming: the streaming engine is not built yet");
    }

    public IReadOnlyList<EvalSetting> Settings { get; }

    public IReadOnlyList<StemSeparation> Separate(AudioClip mix, IProgress<double>? progress) => throw new NotSupportedException();
}
