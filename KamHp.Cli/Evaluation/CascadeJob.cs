using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Evaluation.Research;

namespace KamHp.Cli.Evaluation;

/// <summary>The two-resolution cascade (<see cref="CascadeSeparator"/>) offline, with the setting's options.</summary>
internal sealed class CascadeJob(EvalSetting setting) : IEvalJob
{
    public EvalSetting Setting { get; } = setting;

    public string? Check(int sampleRateHz)
    {
        try
        {
            Settings().ValidateFor(sampleRateHz);
            return null;
        }
        catch (ArgumentOutOfRangeException e)
        {
            return e.Message.ReplaceLineEndings(" ");
        }
    }

    public StemSeparation Separate(AudioClip mix)
    {
        var separator = new CascadeSeparator(Settings());
        var clock = Stopwatch.StartNew();
        (float[][] harmonic, float[][] percussive, _) = separator.Separate(mix.Channels, mix.SampleRateHz);
        return new StemSeparation(Setting, harmonic, percussive, clock.Elapsed.TotalSeconds, null);
    }

    internal CascadeSettings Settings()
    {
        EvalParameters p = Setting.Parameters;
        var defaults = new CascadeSettings();
        int percussiveFft = p.GetInt("fft") ?? defaults.PercussiveFftSize;
        int harmonicFft = p.GetInt("harmonic-fft") ?? defaults.HarmonicFftSize;
        return defaults with
        {
            PercussiveFftSize = percussiveFft,
            PercussiveHopSize = p.GetInt("hop") ?? percussiveFft / 4,
            HarmonicFftSize = harmonicFft,
            HarmonicHopSize = p.GetInt("harmonic-hop") ?? harmonicFft / 8,
            HarmonicKernelSeconds = p.Get("harmonic-seconds") ?? defaults.HarmonicKernelSeconds,
            PercussiveKernelHz = p.Get("percussive-hz") ?? defaults.PercussiveKernelHz,
            MaskExponent = (float)(p.Get("mask-sharpness") ?? defaults.MaskExponent),
            HarmonicMargin = (float)(p.Get("harmonic-margin") ?? defaults.HarmonicMargin),
            PercussiveMargin = (float)(p.Get("percussive-margin") ?? defaults.PercussiveMargin),
            Passes = p.GetInt("passes") ?? defaults.Passes,
            PerChannel = (p.GetInt("per-channel") ?? (defaults.PerChannel ? 1 : 0)) != 0,
            Iterations = Setting.Iterations,
        };
    }
}
