using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Cli.Commands;
using KamHp.Dsp;
using KamHp.Dsp.Offline;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The real-time engine over the whole mixture, fed in host blocks of <see cref="StreamingRender.DefaultBlockSize"/>
/// samples and aligned by its reported latency (<see cref="StreamingRender.Render"/>); kernels and iterations as the
/// offline job's (<see cref="EvalDefaults.Kam"/>), so the two differ only by streaming.
/// </summary>
internal sealed class StreamingKamJob : IEvalJob
{
    private readonly LatencyMode _mode;

    public StreamingKamJob(string latencyMode, int iterations, bool spatial)
    {
        _mode = latencyMode switch
        {
            "live" => LatencyMode.Live,
            "balanced" => LatencyMode.Balanced,
            "studio" => LatencyMode.Studio,
            _ => throw new NotSupportedException($"--latency-mode {latencyMode}: must be live, balanced or studio"),
        };
        if (iterations is < 1 or > EngineSettings.MaxIterations)
        {
            throw new NotSupportedException($"--iterations {iterations}: the streaming engine runs 1..{EngineSettings.MaxIterations}");
        }

        Settings = [new EvalSetting(EvalMethod.Kam, EvalMode.Streaming, latencyMode, iterations, spatial)];
    }

    public IReadOnlyList<EvalSetting> Settings { get; }

    public IReadOnlyList<StemSeparation> Separate(AudioClip mix, IProgress<double>? progress)
    {
        EvalSetting setting = Settings[0];
        KamSettings kam = EvalDefaults.Kam(mix.SampleRateHz, setting.Iterations, setting.Spatial);
        EngineSettings engine = StreamingRender.EngineSettingsFor(kam, mix.SampleRateHz, _mode);
        var clock = Stopwatch.StartNew();
        StreamingResult result = StreamingRender.Render(mix, engine, StreamingRender.DefaultBlockSize, seed: 1, progress);
        return [new StemSeparation(setting, result.Harmonic, result.Percussive, clock.Elapsed.TotalSeconds, result.LatencySamples)];
    }
}
