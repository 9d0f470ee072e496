using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;
using NWaves.Operations;
using NWaves.Signals;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The peer: NWaves 0.9.6 <c>HarmonicPercussiveSeparator</c> (FitzGerald, DAFx 2010: median filtering of the magnitude
/// spectrogram over 17 frames and 17 bins, Wiener-style masks <c>HpsMasking.WienerOrder2</c>), with the same FFT
/// size, hop and kernel counts as KAM at the file's rate. It is mono, so each channel is separated on its own.
/// </summary>
/// <remarks>
/// NWaves' resynthesis divides by the overlap-added window, which vanishes at the very start of the signal: on its
/// own it returns values up to ~100x full scale in the first ~10 ms, which would swamp any whole-signal metric
/// (SDR near -60 dB). So it is given the mixture with <c>FftSize</c> samples of silence before and after, and that
/// padding is cut from its outputs: a neutral fix that scores its separation, not that boundary bug.
/// </remarks>
internal sealed class NWavesJob : IEvalJob
{
    public EvalSetting Setting { get; } = new(EvalMethod.NWaves, EvalMode.Offline, null, 1, false);

    public string? Check(int sampleRateHz) => null;

    public StemSeparation Separate(AudioClip mix)
    {
        KamSettings settings = EvalDefaults.Kam(mix.SampleRateHz, 1, false);
        var stopwatch = Stopwatch.StartNew();
        int channels = mix.Channels.Length;
        int length = mix.Channels[0].Length;
        var harmonic = new float[channels][];
        var percussive = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            var separator = new HarmonicPercussiveSeparator(
                settings.FftSize,
                settings.HopSize,
                settings.HarmonicKernelFrames,
                settings.PercussiveKernelBins,
                HpsMasking.WienerOrder2);
            int padding = settings.FftSize;
            var padded = new float[padding + length + padding];
            mix.Channels[c].CopyTo(padded, padding);
            (DiscreteSignal h, DiscreteSignal p) = separator.EvaluateSignals(new DiscreteSignal(mix.SampleRateHz, padded));
            harmonic[c] = Cut(h.Samples, padding, length);
            percussive[c] = Cut(p.Samples, padding, length);
        }

        return new StemSeparation(Setting, harmonic, percussive, stopwatch.Elapsed.TotalSeconds, null);
    }

    /// <summary>samples[offset .. offset + length), zero where NWaves' output is shorter.</summary>
    private static float[] Cut(float[] samples, int offset, int length)
    {
        var cut = new float[length];
        Array.Copy(samples, offset, cut, 0, Math.Clamp(samples.Length - offset, 0, length));
        return cut;
    }
}
