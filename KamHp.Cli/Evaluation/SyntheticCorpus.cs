using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KamHp.Cli.Audio;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// A deterministic synthetic evaluation corpus (<c>kamhp corpus</c>): per excerpt a harmonic stem (additive notes with
/// decaying partials and slow vibrato: a bass line, chords, a melody, each at its own stereo position), a percussive stem
/// (kick: a falling sine with a click; snare: noise burst plus a 190 Hz body; hi-hat: high-passed noise), and the
/// mixture = harmonic + percussive, computed in float so the identity holds sample for sample. The same seed gives the
/// same files on every machine (System.Random with a seed, double-precision synthesis).
/// </summary>
internal static class SyntheticCorpus
{
    /// <summary>One excerpt's musical parameters.</summary>
    private sealed record Style(string Name, double Bpm, int[] Chords, double HatDensity, double HarmonicLevelDb);

    private static readonly Style[] s_styles =
    [
        new("rock", 120, [57, 53, 48, 55], 0.9, 0),
        new("funk", 100, [50, 55, 50, 57], 1.0, -2),
        new("ballad", 72, [48, 57, 53, 55], 0.4, 4),
        new("dance", 126, [45, 41, 48, 43], 1.0, -4),
    ];

    /// <summary>Writes the corpus into <paramref name="folder"/> (must exist and be empty); returns the files written.</summary>
    public static IReadOnlyList<string> Write(string folder, int excerpts, double seconds, int sampleRateHz, int seed)
    {
        var written = new List<string>();
        var manifest = new JsonArray();
        for (int e = 0; e < excerpts; e++)
        {
            Style style = s_styles[e % s_styles.Length];
            string name = string.Create(CultureInfo.InvariantCulture, $"s{e + 1:D2}_{style.Name}");
            int excerptSeed = seed + (101 * e);
            (float[][] harmonic, float[][] percussive) = Render(style, seconds, sampleRateHz, excerptSeed);
            float[][] mix = [new float[harmonic[0].Length], new float[harmonic[0].Length]];
            for (int c = 0; c < 2; c++)
            {
                for (int i = 0; i < mix[c].Length; i++)
                {
                    mix[c][i] = harmonic[c][i] + percussive[c][i];
                }
            }

            string excerptFolder = Path.Combine(folder, name);
            Directory.CreateDirectory(excerptFolder);
            var files = new List<(string Path, AudioClip Clip)>
            {
                (Path.Combine(excerptFolder, CorpusExcerpt.MixFile), new AudioClip(sampleRateHz, mix)),
                (Path.Combine(excerptFolder, CorpusExcerpt.HarmonicFile), new AudioClip(sampleRateHz, harmonic)),
                (Path.Combine(excerptFolder, CorpusExcerpt.PercussiveFile), new AudioClip(sampleRateHz, percussive)),
            };
            WavFile.WriteAll(files, WavEncoding.Float32);
            written.AddRange(files.Select(f => f.Path));
            manifest.Add((JsonNode)new JsonObject
            {
                ["name"] = name,
                ["style"] = style.Name,
                ["bpm"] = style.Bpm,
                ["seed"] = excerptSeed,
                ["duration_s"] = seconds,
                ["n_samples"] = mix[0].Length,
                ["harmonic_parts"] = Strings(s_harmonicParts),
                ["percussion"] = Strings(s_percussionParts),
            });
        }

        string manifestPath = Path.Combine(folder, "manifest.json");
        var root = new JsonObject
        {
            ["set"] = "synthetic",
            ["generator"] = "kamhp corpus (KamHp.Cli/Evaluation/SyntheticCorpus.cs)",
            ["seed"] = seed,
            ["sr"] = sampleRateHz,
            ["channels"] = 2,
            ["format"] = "WAV IEEE float 32-bit",
            ["identity"] = "mix == harmonic + percussive exactly (float sum, sample for sample)",
            ["excerpts"] = manifest,
        };
        File.WriteAllText(manifestPath, root.ToJsonString(s_json) + "\n", new UTF8Encoding(false));
        written.Add(manifestPath);
        return written;
    }

    private static readonly string[] s_harmonicParts = ["bass (pan 0.5)", "chords (pan 0.3)", "melody (pan 0.75)"];
    private static readonly string[] s_percussionParts = ["kick (pan 0.5)", "snare (pan 0.45)", "hi-hat (pan 0.65)"];

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>A JSON array of strings built from nodes (the reflection-free form NativeAOT can publish).</summary>
    private static JsonArray Strings(string[] values) => new([.. values.Select(v => (JsonNode)v)]);

    private static (float[][] Harmonic, float[][] Percussive) Render(Style style, double seconds, int rate, int seed)
    {
        int length = (int)Math.Round(seconds * rate);
        double[][] h = [new double[length], new double[length]];
        double[][] p = [new double[length], new double[length]];
        var random = new Random(seed);
        double beat = 60.0 / style.Bpm;
        double harmonicGain = Math.Pow(10, style.HarmonicLevelDb / 20);
        int bars = (int)Math.Ceiling(seconds / (4 * beat));
        for (int bar = 0; bar < bars; bar++)
        {
            int root = style.Chords[bar % style.Chords.Length];
            double barStart = bar * 4 * beat;

            // Bass: root on beats 1 and 3, fifth on 2 and 4 (a few partials, low and long).
            for (int b = 0; b < 4; b++)
            {
                int note = root - 12 + (b % 2 == 1 ? 7 : 0);
                Note(h, rate, barStart + (b * beat), 0.9 * beat, note, 0.22 * harmonicGain, 6, 0.5, 1.5, random);
            }

            // Chords: a triad held for the bar.
            foreach (int interval in new[] { 0, 4, 7 })
            {
                int third = (root % 12 is 9 or 2 or 4) && interval == 4 ? 3 : interval;   // minor on A, D, E
                Note(h, rate, barStart, 4 * beat * 0.98, root + 12 + third, 0.06 * harmonicGain, 10, 0.3, 0.6, random);
            }

            // Melody: eighth and quarter notes from the chord's scale.
            int[] scale = [0, 2, 3, 5, 7, 8, 10, 12];
            for (double t = 0; t < 4 * beat - 1e-9;)
            {
                double length8 = random.NextDouble() < 0.5 ? beat / 2 : beat;
                int degree = scale[random.Next(scale.Length)];
                Note(h, rate, barStart + t, length8 * 0.95, root + 24 + degree, 0.08 * harmonicGain, 8, 0.75, 0.4, random);
                t += length8;
            }

            // Drums on a sixteenth grid.
            for (int step = 0; step < 16; step++)
            {
                double at = barStart + (step * beat / 4);
                if (step % 8 == 0 || (step == 10 && random.NextDouble() < 0.5))
                {
                    Kick(p, rate, at, 0.5);
                }

                if (step % 8 == 4)
                {
                    Snare(p, rate, at, 0.35, random);
                }

                if (step % 2 == 0 ? random.NextDouble() < style.HatDensity : random.NextDouble() < style.HatDensity * 0.4)
                {
                    HiHat(p, rate, at, 0.12 + (0.05 * random.NextDouble()), random);
                }
            }
        }

        return (ToFloat(h), ToFloat(p));
    }

    /// <summary>A note of decaying harmonic partials with a soft attack, 5 Hz vibrato and a constant-power pan.</summary>
    private static void Note(double[][] target, int rate, double start, double duration, int midi, double level, int partials, double pan, double decaySeconds, Random random)
    {
        double f0 = 440 * Math.Pow(2, (midi - 69) / 12.0);
        double vibratoDepth = 0.002 + (0.002 * random.NextDouble());
        double[] gains = [Math.Cos(pan * Math.PI / 2), Math.Sin(pan * Math.PI / 2)];
        int from = (int)(start * rate), count = (int)((duration + 0.05) * rate);
        for (int k = 1; k <= partials; k++)
        {
            double fk = f0 * k;
            if (fk > rate * 0.45)
            {
                break;
            }

            double amplitude = level / k;
            double phase = random.NextDouble() * 2 * Math.PI;
            double partialDecay = decaySeconds / (1 + (0.3 * (k - 1)));
            for (int i = 0; i < count && from + i < target[0].Length; i++)
            {
                double t = (double)i / rate;
                double attack = Math.Min(1, t / 0.01);
                double release = t > duration ? Math.Max(0, 1 - ((t - duration) / 0.05)) : 1;
                double envelope = attack * release * Math.Exp(-t / partialDecay);
                double vibrato = vibratoDepth * Math.Sin(2 * Math.PI * 5 * t) * fk / 5;
                double v = amplitude * envelope * Math.Sin((2 * Math.PI * fk * t) + vibrato + phase);
                target[0][from + i] += gains[0] * v;
                target[1][from + i] += gains[1] * v;
            }
        }
    }

    private static void Kick(double[][] target, int rate, double start, double level)
    {
        int from = (int)(start * rate), count = (int)(0.35 * rate);
        double phase = 0;
        for (int i = 0; i < count && from + i < target[0].Length; i++)
        {
            double t = (double)i / rate;
            double frequency = 50 + (100 * Math.Exp(-t / 0.03));
            phase += 2 * Math.PI * frequency / rate;
            double click = t < 0.002 ? 1 - (t / 0.002) : 0;
            double v = level * ((Math.Exp(-t / 0.08) * Math.Sin(phase)) + (0.3 * click));
            target[0][from + i] += 0.707 * v;
            target[1][from + i] += 0.707 * v;
        }
    }

    private static void Snare(double[][] target, int rate, double start, double level, Random random)
    {
        int from = (int)(start * rate), count = (int)(0.25 * rate);
        double lowPass = 0;
        for (int i = 0; i < count && from + i < target[0].Length; i++)
        {
            double t = (double)i / rate;
            double noise = (2 * random.NextDouble()) - 1;
            lowPass += 0.5 * (noise - lowPass);
            double v = level * ((Math.Exp(-t / 0.06) * lowPass) + (0.5 * Math.Exp(-t / 0.04) * Math.Sin(2 * Math.PI * 190 * t)));
            target[0][from + i] += 0.74 * v;
            target[1][from + i] += 0.67 * v;
        }
    }

    private static void HiHat(double[][] target, int rate, double start, double level, Random random)
    {
        int from = (int)(start * rate), count = (int)(0.08 * rate);
        double previous = 0;
        for (int i = 0; i < count && from + i < target[0].Length; i++)
        {
            double t = (double)i / rate;
            double noise = (2 * random.NextDouble()) - 1;
            double highPass = noise - previous;      // first difference: a gentle high-pass
            previous = noise;
            double v = level * Math.Exp(-t / 0.02) * highPass;
            target[0][from + i] += 0.5 * v;
            target[1][from + i] += 0.86 * v;
        }
    }

    private static float[][] ToFloat(double[][] planar) => [.. planar.Select(c => c.Select(v => (float)v).ToArray())];
}
