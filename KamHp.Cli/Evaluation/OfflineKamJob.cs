using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Cli.Commands;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The offline separator for one setting of the paper or the hires method (<see cref="SeparationMethod"/>), resolved exactly as <c>kamhp separate</c> resolves its options
/// (<see cref="SeparateSettings.TryResolve"/>), run on its own so that its time is its own work: a run with 10
/// iterations is not charged to the setting with 1.
/// </summary>
internal sealed class OfflineKamJob(EvalSetting setting) : IEvalJob
{
    public EvalSetting Setting { get; } = setting;

    public string? Check(int sampleRateHz) => Resolve(sampleRateHz, out _);

    public StemSeparation Separate(AudioClip mix)
    {
        _ = Resolve(mix.SampleRateHz, out KamSettings settings);
        var clock = Stopwatch.StartNew();
        SeparatedSignals signals = new KamOfflineSeparator(settings).Separate(mix.Channels).Final;
        double seconds = clock.Elapsed.TotalSeconds;
        return new StemSeparation(Setting, signals.Harmonic, signals.Percussive, seconds, null);
    }

    /// <summary>The separator settings at a rate; the error message (null when fine).</summary>
    public string? Resolve(int sampleRateHz, out KamSettings settings)
    {
        EvalParameters p = Setting.Parameters;
        var request = new SeparateRequest
        {
            InputPath = string.Empty,
            Method = Setting.Method == EvalMethod.HiRes ? SeparationMethod.HiRes : SeparationMethod.Paper,
            Iterations = Setting.Iterations,
            SpatialModel = Setting.Spatial,
            FftSize = p.GetInt("fft"),
            HopSize = p.GetInt("hop"),
            HarmonicKernelFrames = p.GetInt("harmonic-frames"),
            HarmonicKernelSeconds = p.Get("harmonic-seconds"),
            PercussiveKernelBins = p.GetInt("percussive-bins"),
            PercussiveKernelHz = p.Get("percussive-hz"),
        };
        return SeparateSettings.TryResolve(request, sampleRateHz, out settings, out string error) ? null : error;
    }
}
