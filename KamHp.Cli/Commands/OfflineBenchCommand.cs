using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;
using NWaves.Operations;
using NWaves.Signals;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp bench-offline [IN.wav]</c>: the offline separator's speed in the paper's configuration next to NWaves'
/// <see cref="HarmonicPercussiveSeparator"/> on the same excerpt, in the same process, best of N runs each after a
/// warm-up. Without a file it uses 20 s of deterministic stereo material.
/// </summary>
internal static class OfflineBenchCommand
{
    /// <summary>Shortest excerpt timed: one frame of the paper's 4096-point FFT (NWaves' separator fails below it).</summary>
    private const int MinFrames = 4096;

    public static Command Create()
    {
        var input = new Argument<string?>("input")
        {
            Description = "WAV excerpt to time (default: 20 s of generated stereo at 44.1 kHz).",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "INPUT",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed runs per configuration; the fastest is reported (1..50).",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("bench-offline", "Time the offline separator (1, 2, 10 iterations) against NWaves' HarmonicPercussiveSeparator on one excerpt.")
        {
            input,
            repeats,
        };
        command.SetAction(parseResult =>
        {
            var console = CliConsole.From(parseResult);
            int runs = parseResult.GetValue(repeats);
            if (runs is < 1 or > 50)
            {
                console.Error.WriteLine("kamhp bench-offline: --repeats must be 1..50.");
                return ExitCodes.Usage;
            }

            AudioClip clip;
            string name;
            string? path = parseResult.GetValue(input);
            if (path is null)
            {
                clip = Generated(20);
                name = "generated 20 s stereo";
            }
            else
            {
                if (!SeparateOne.TryRead(path, out DecodedAudio? audio, out string problem))
                {
                    console.Error.WriteLine($"kamhp bench-offline: {problem}");
                    return ExitCodes.BadInput;
                }

                clip = audio.Clip;
                name = Path.GetFileName(path);
                if (clip.FrameCount < MinFrames)
                {
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"kamhp bench-offline: {path}: {clip.FrameCount} samples; timing needs at least {MinFrames} (one 4096-point FFT frame, as NWaves' separator requires)"));
                    return ExitCodes.BadInput;
                }
            }

            Run(console.Output, clip, name, runs);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Run(TextWriter output, AudioClip clip, string name, int runs)
    {
        double seconds = (double)clip.Channels[0].Length / clip.SampleRateHz;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {seconds:F1} s, {clip.Channels.Length} channel(s), {clip.SampleRateHz} Hz; {Environment.ProcessorCount} logical cores, KamHp on {(Environment.ProcessorCount >= 2 ? "two threads" : "one thread")} (NWaves on one), best of {runs}"));
        var cases = new (string Label, Action Work)[]
        {
            ("NWaves HarmonicPercussiveSeparator (1 iteration, 4096/1024, 17/17, Wiener)", () => NWaves(clip)),
            ("KamHp offline, 1 iteration, spatial off (same work)", () => Kam(clip, 1, spatial: false)),
            ("KamHp offline, 2 iterations, spatial on (paper)", () => Kam(clip, 2, spatial: true)),
            ("KamHp offline, 10 iterations, spatial on", () => Kam(clip, 10, spatial: true)),
        };

        double baseline = 0;
        output.WriteLine($"{"configuration",-76} {"time",9} {"x real time",12} {"vs NWaves",10}");
        foreach (var (label, work) in cases)
        {
            work(); // warm-up: JIT and first-touch of memory are not the separator's steady cost
            double best = double.MaxValue;
            for (int r = 0; r < runs; r++)
            {
                long start = Stopwatch.GetTimestamp();
                work();
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            if (baseline == 0)
            {
                baseline = best;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-76} {best * 1000,7:F0} ms {seconds / best,11:F1}x {baseline / best,9:F2}x"));
        }
    }

    private static void NWaves(AudioClip clip)
    {
        foreach (float[] channel in clip.Channels)
        {
            var separator = new HarmonicPercussiveSeparator(4096, 1024, 17, 17, HpsMasking.WienerOrder2);
            _ = separator.EvaluateSignals(new DiscreteSignal(clip.SampleRateHz, channel));
        }
    }

    private static void Kam(AudioClip clip, int iterations, bool spatial) =>
        _ = new KamOfflineSeparator(new KamSettings { Iterations = iterations, SpatialModel = spatial }).Separate(clip.Channels);

    private static AudioClip Generated(double seconds)
    {
        const int rate = 44100;
        int length = (int)(seconds * rate);
        var random = new Random(1);
        var channels = new[] { new float[length], new float[length] };
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < length; i++)
            {
                double tone = (0.2 * Math.Sin(2 * Math.PI * (220 + (110 * c)) * i / rate)) + (0.1 * Math.Sin(2 * Math.PI * 659.25 * i / rate));
                int phase = i % 11025;
                double burst = phase < 2000 ? Math.Exp(-phase / 300.0) * ((2 * random.NextDouble()) - 1) : 0;
                channels[c][i] = (float)(tone + (0.5 * burst));
            }
        }

        return new AudioClip(rate, channels);
    }
}
