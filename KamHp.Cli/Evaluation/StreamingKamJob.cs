using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Cli.Commands;
using KamHp.Dsp;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The real-time engine over the whole mixture, fed in host blocks of <see cref="StreamingRender.DefaultBlockSize"/>
/// samples and aligned by its reported latency (<see cref="StreamingRender.Render"/>); kernels and iterations as the
/// offline job's for the same options, so the two differ only by streaming. The engine also takes the mask sharpness
/// and the spatial time constant; its frames are the method's at the rate (paper or hires).
/// </summary>
internal sealed class StreamingKamJob(EvalSetting setting) : IEvalJob
{
    public EvalSetting Setting { get; } = setting;

    public string? Check(int sampleRateHz) => Resolve(sampleRateHz, out _);

    public StemSeparation Separate(AudioClip mix)
    {
        _ = Resolve(mix.SampleRateHz, out EngineSettings engine);
        var clock = Stopwatch.StartNew();
        StreamingResult result = StreamingRender.Render(mix, engine, StreamingRender.DefaultBlockSize, seed: 1, progress: null);
        return new StemSeparation(Setting, result.Harmonic, result.Percussive, clock.Elapsed.TotalSeconds, result.LatencySamples);
    }

    private string? Resolve(int sampleRateHz, out EngineSettings engine)
    {
        engine = default;
        EvalParameters p = Setting.Parameters;
        string? error = new OfflineKamJob(Setting with { Mode = EvalMode.Offline, LatencyMode = null, Parameters = Offline(p) })
            .Resolve(sampleRateHz, out KamSettings kam);
        if (error is not null)
        {
            return error;
        }

        LatencyMode mode = Setting.LatencyMode switch
        {
            "live" => LatencyMode.Live,
            "balanced" => LatencyMode.Balanced,
            "instant" => LatencyMode.Instant,
            _ => LatencyMode.Studio,
        };
        SeparationMethod method = Setting.Method == EvalMethod.HiRes ? SeparationMethod.HiRes : SeparationMethod.Paper;
        engine = StreamingRender.EngineSettingsFor(kam, sampleRateHz, mode, method) with
        {
            MaskSharpness = (float)(p.Get("mask-sharpness") ?? 1.0),
            SpatialTimeConstantSeconds = p.Get("spatial-seconds") ?? new EngineSettings().SpatialTimeConstantSeconds,
        };
        try
        {
            engine.Validate();
            return null;
        }
        catch (ArgumentOutOfRangeException e)
        {
            return e.Message.ReplaceLineEndings(" ");
        }
    }

    private static EvalParameters Offline(EvalParameters p) =>
        new(p.Values.Where(v => v.Key is not ("mask-sharpness" or "spatial-seconds")));
}
