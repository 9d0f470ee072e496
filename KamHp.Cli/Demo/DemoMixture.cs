using KamHp.Cli.Audio;

namespace KamHp.Cli.Demo;

/// <summary>
/// A short synthetic stereo mixture whose harmonic and percussive stems are known exactly: sustained chords with
/// rich overtones (harmonic) over a drum pattern of kicks, snares, hi-hats and clicks (percussive), each voice
/// panned to its own place. <see cref="Mix"/> is the sample-wise sum of the stems, in float.
/// </summary>
/// <remarks>
/// Deterministic: the same seed, rate and duration give the same samples (own generator, double arithmetic, no
/// library randomness); across operating systems the runtime's Math.Sin/Exp may differ in the last bit. The seed varies partial phases, pans, noise and the odd extra hit; the
/// musical material (a four-chord progression at 120 BPM and a rock pattern) stays the same. The percussive stem is
/// <see cref="PercussiveLevelDb"/> below the harmonic one and the mixture peaks at <see cref="PeakLevel"/>.
/// </remarks>
internal sealed class DemoMixture
{
    public const int DefaultSeed = 2014;
    public const int DefaultSampleRateHz = 44100;
    public const double DefaultDurationSeconds = 7.0;

    /// <summary>Peak absolute sample of the mixture, leaving headroom.</summary>
    public const double PeakLevel = 0.5;

    /// <summary>
    /// Power of the percussive stem relative to the harmonic one, in dB. So the mixture scores +3 dB SDR against the
    /// harmonic stem and -3 dB against the percussive one (with equal powers both outputs would score the same:
    /// harmonic + percussive = mixture makes their errors equal and opposite).
    /// </summary>
    public const double PercussiveLevelDb = -3.0;

    private const double BeatSeconds = 0.5; // 120 BPM
    private const double ChordSeconds = 4 * BeatSeconds;
    private const double HighestPartialHz = 9000.0;

    // MIDI notes of the progression Am - F - C - G (bass, then three chord tones), one bar each.
    private static readonly int[][] s_chords =
    [
        [45, 57, 60, 64],
        [41, 57, 60, 65],
        [48, 55, 60, 64],
        [43, 55, 59, 62],
    ];

    private DemoMixture(AudioClip mix, AudioClip harmonic, AudioClip percussive, int seed)
    {
        Mix = mix;
        Harmonic = harmonic;
        Percussive = percussive;
        Seed = seed;
    }

    /// <summary>Harmonic stem + percussive stem.</summary>
    public AudioClip Mix { get; }

    /// <summary>The true harmonic stem.</summary>
    public AudioClip Harmonic { get; }

    /// <summary>The true percussive stem.</summary>
    public AudioClip Percussive { get; }

    public int Seed { get; }

    /// <summary>Synthesises the mixture.</summary>
    /// <param name="seed">Any integer; the same seed gives the same audio.</param>
    /// <param name="sampleRateHz">8000..192000 Hz.</param>
    /// <param name="durationSeconds">0.5..60 s.</param>
    public static DemoMixture Generate(int seed = DefaultSeed, int sampleRateHz = DefaultSampleRateHz, double durationSeconds = DefaultDurationSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 8000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRateHz, 192000);
        ArgumentOutOfRangeException.ThrowIfLessThan(durationSeconds, 0.5);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(durationSeconds, 60.0);

        int frames = (int)Math.Round(durationSeconds * sampleRateHz);
        var random = new SplitMix64((ulong)(uint)seed);
        var harmonic = new[] { new double[frames], new double[frames] };
        var percussive = new[] { new double[frames], new double[frames] };

        AddChords(harmonic, sampleRateHz, random);
        AddDrums(percussive, sampleRateHz, random);

        // Percussive power PercussiveLevelDb relative to harmonic, then one common gain so the mixture peaks at PeakLevel.
        double harmonicRms = Rms(harmonic);
        double percussiveRms = Rms(percussive);
        Scale(percussive, harmonicRms / percussiveRms * Math.Pow(10, PercussiveLevelDb / 20));
        double peak = 0;
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < frames; i++)
            {
                peak = Math.Max(peak, Math.Abs(harmonic[c][i] + percussive[c][i]));
            }
        }

        double gain = PeakLevel / peak;
        var h = ToFloat(harmonic, gain);
        var p = ToFloat(percussive, gain);
        var mix = new float[2][];
        for (int c = 0; c < 2; c++)
        {
            mix[c] = new float[frames];
            for (int i = 0; i < frames; i++)
            {
                mix[c][i] = h[c][i] + p[c][i];
            }
        }

        return new DemoMixture(new AudioClip(sampleRateHz, mix), new AudioClip(sampleRateHz, h), new AudioClip(sampleRateHz, p), seed);
    }

    /// <summary>
    /// Four voices per chord (bass and three chord tones), each a sum of harmonics with 1/k^1.3 amplitudes, a gentle
    /// per-partial decay and 60 ms / 150 ms attack and release ramps (slow enough to leave no onset click).
    /// </summary>
    private static void AddChords(double[][] destination, int sampleRateHz, SplitMix64 random)
    {
        int frames = destination[0].Length;
        double duration = (double)frames / sampleRateHz;
        int bars = (int)Math.Ceiling(duration / ChordSeconds);
        for (int bar = 0; bar < bars; bar++)
        {
            int[] chord = s_chords[bar % s_chords.Length];
            double start = bar * ChordSeconds;
            double length = Math.Min(ChordSeconds, duration - start);
            for (int voice = 0; voice < chord.Length; voice++)
            {
                double frequency = 440.0 * Math.Pow(2, (chord[voice] - 69) / 12.0);
                double pan = voice == 0 ? 0.5 : 0.15 + (0.7 * (voice - 1) / 2.0) + random.Uniform(-0.08, 0.08);
                double level = voice == 0 ? 0.9 : 0.55;
                AddTone(destination, sampleRateHz, start, length, frequency, pan, level, random);
            }
        }
    }

    private static void AddTone(double[][] destination, int sampleRateHz, double start, double length, double frequency, double pan, double level, SplitMix64 random)
    {
        const double AttackSeconds = 0.06;
        const double ReleaseSeconds = 0.15;
        int first = (int)Math.Round(start * sampleRateHz);
        int count = Math.Min((int)Math.Round(length * sampleRateHz), destination[0].Length - first);
        int partials = Math.Max(1, (int)(Math.Min(HighestPartialHz, 0.45 * sampleRateHz) / frequency));
        var (left, right) = PanGains(pan);

        var voice = new double[count];
        for (int k = 1; k <= partials; k++)
        {
            // Each partial is a decaying phasor advanced by one complex multiplication per sample (no Sin/Exp per
            // sample): upper partials fade a little over the bar, as on a real instrument.
            double amplitude = level / Math.Pow(k, 1.3);
            double phase = random.Uniform(0, 2 * Math.PI);
            double step = 2 * Math.PI * frequency * k / sampleRateHz;
            double decay = Math.Exp(-0.15 * k / sampleRateHz);
            double stepRe = decay * Math.Cos(step), stepIm = decay * Math.Sin(step);
            double re = amplitude * Math.Cos(phase), im = amplitude * Math.Sin(phase);
            for (int i = 0; i < count; i++)
            {
                voice[i] += im;
                double nextRe = (re * stepRe) - (im * stepIm);
                im = (re * stepIm) + (im * stepRe);
                re = nextRe;
            }
        }

        for (int i = 0; i < count; i++)
        {
            double t = (double)i / sampleRateHz;
            double envelope = Math.Min(1.0, t / AttackSeconds) * Math.Min(1.0, (length - t) / ReleaseSeconds);
            destination[0][first + i] += left * envelope * voice[i];
            destination[1][first + i] += right * envelope * voice[i];
        }
    }

    /// <summary>A rock pattern on a 16th-note grid: kick on 1 and 3 (and the "and" of 3), snare on 2 and 4, hi-hat on 8ths, clicks.</summary>
    private static void AddDrums(double[][] destination, int sampleRateHz, SplitMix64 random)
    {
        double duration = (double)destination[0].Length / sampleRateHz;
        double sixteenth = BeatSeconds / 4;
        int steps = (int)(duration / sixteenth);
        for (int step = 0; step < steps; step++)
        {
            double time = step * sixteenth;
            int inBar = step % 16;
            if (inBar is 0 or 8 or 10 || random.Uniform(0, 1) < 0.03)
            {
                AddKick(destination, sampleRateHz, time, random);
            }

            if (inBar is 4 or 12)
            {
                AddSnare(destination, sampleRateHz, time, random);
            }

            if (inBar % 2 == 0)
            {
                AddHat(destination, sampleRateHz, time, inBar % 4 == 2 ? 0.6 : 0.4, random);
            }

            if (inBar is 7 or 15 && random.Uniform(0, 1) < 0.7)
            {
                AddClick(destination, sampleRateHz, time + (sixteenth / 2), random);
            }
        }
    }

    private static void AddKick(double[][] destination, int sampleRateHz, double time, SplitMix64 random)
    {
        int count = (int)(0.35 * sampleRateHz);
        double phase = 0;
        var (left, right) = PanGains(0.5 + random.Uniform(-0.05, 0.05));
        Add(destination, sampleRateHz, time, count, left, right, i =>
        {
            double t = (double)i / sampleRateHz;
            double frequency = 50 + (110 * Math.Exp(-t / 0.03));
            phase += 2 * Math.PI * frequency / sampleRateHz;
            double body = Math.Sin(phase) * Math.Exp(-t / 0.05);
            double click = random.Uniform(-1, 1) * Math.Exp(-t / 0.002);
            return 0.6 * body + (0.4 * click);
        });
    }

    private static void AddSnare(double[][] destination, int sampleRateHz, double time, SplitMix64 random)
    {
        int count = (int)(0.3 * sampleRateHz);
        double previous = 0;
        var (left, right) = PanGains(0.38 + random.Uniform(-0.05, 0.05));
        Add(destination, sampleRateHz, time, count, left, right, i =>
        {
            double t = (double)i / sampleRateHz;
            double white = random.Uniform(-1, 1);
            double bright = white - (0.6 * previous); // first-order high-pass tilt
            previous = white;
            double tone = Math.Sin(2 * Math.PI * 190 * t) * Math.Exp(-t / 0.04);
            return (0.7 * bright * Math.Exp(-t / 0.06)) + (0.5 * tone);
        });
    }

    private static void AddHat(double[][] destination, int sampleRateHz, double time, double level, SplitMix64 random)
    {
        int count = (int)(0.08 * sampleRateHz);
        double previous = 0;
        var (left, right) = PanGains(0.72 + random.Uniform(-0.05, 0.05));
        Add(destination, sampleRateHz, time, count, left, right, i =>
        {
            double t = (double)i / sampleRateHz;
            double white = random.Uniform(-1, 1);
            double high = white - previous; // differentiated noise: energy towards the top of the spectrum
            previous = white;
            return level * 0.5 * high * Math.Exp(-t / 0.015);
        });
    }

    private static void AddClick(double[][] destination, int sampleRateHz, double time, SplitMix64 random)
    {
        int count = Math.Max(8, sampleRateHz / 1000);
        var (left, right) = PanGains(random.Uniform(0.1, 0.9));
        Add(destination, sampleRateHz, time, count, left, right, i => (i == 0 ? 0.8 : 0.0) + (0.3 * random.Uniform(-1, 1) * Math.Exp(-i / (count / 4.0))));
    }

    private static void Add(double[][] destination, int sampleRateHz, double time, int count, double left, double right, Func<int, double> sample)
    {
        int first = (int)Math.Round(time * sampleRateHz);
        int last = Math.Min(first + count, destination[0].Length);
        for (int i = first; i < last; i++)
        {
            double value = sample(i - first);
            destination[0][i] += left * value;
            destination[1][i] += right * value;
        }
    }

    /// <summary>Constant-power pan: 0 is hard left, 1 hard right.</summary>
    private static (double Left, double Right) PanGains(double pan)
    {
        double angle = Math.Clamp(pan, 0, 1) * Math.PI / 2;
        return (Math.Cos(angle), Math.Sin(angle));
    }

    private static double Rms(double[][] channels)
    {
        double sum = 0;
        long count = 0;
        foreach (double[] channel in channels)
        {
            foreach (double value in channel)
            {
                sum += value * value;
            }

            count += channel.Length;
        }

        return Math.Sqrt(sum / count);
    }

    private static void Scale(double[][] channels, double gain)
    {
        foreach (double[] channel in channels)
        {
            for (int i = 0; i < channel.Length; i++)
            {
                channel[i] *= gain;
            }
        }
    }

    private static float[][] ToFloat(double[][] channels, double gain) =>
        [.. channels.Select(channel => channel.Select(value => (float)(value * gain)).ToArray())];

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence everywhere.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public double Uniform(double low, double high) => low + ((high - low) * NextUnit());

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        private double NextUnit()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
