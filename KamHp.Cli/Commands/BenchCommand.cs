using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp bench</c>: the streaming engine's speed as a plugin sees it. For each method, latency mode and iteration count it
/// feeds generated stereo 44.1 kHz material in host blocks (64 samples by default, 1.451 ms) and times every
/// <c>Process</c> call: the real-time factor (total time / audio duration, best of the runs), and the 99.9th percentile
/// and maximum of one call relative to the block's duration; and the CPU real-time factor (the process's CPU time
/// over the best run / audio duration), which a shared, loaded machine inflates far less than the wall-clock one
/// (time spent waiting for a core is not CPU time). Single-threaded, after a warm-up run.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The rate the figures are for.</summary>
    public const int SampleRateHz = 44100;

    public static Command Create()
    {
        var seconds = new Option<double>("--seconds")
        {
            Description = "Audio per run, in seconds (1..600).",
            DefaultValueFactory = _ => 20,
            HelpName = "S",
        };
        var runs = new Option<int>("--runs")
        {
            Description = "Timed runs per configuration (1..20): the real-time factor is the best run's, the call statistics pool all runs.",
            DefaultValueFactory = _ => 3,
            HelpName = "N",
        };
        var block = new Option<int>("--block")
        {
            Description = "Host block size in samples (1..8192).",
            DefaultValueFactory = _ => 64,
            HelpName = "N",
        };
        var iterations = new Option<string>("--iterations")
        {
            Description = "Iteration counts, comma-separated (1..10).",
            DefaultValueFactory = _ => "1,2,5,10",
            HelpName = "LIST",
        };
        var modes = new Option<string>("--latency-mode")
        {
            Description = "Latency modes, comma-separated: live, balanced, studio, instant.",
            DefaultValueFactory = _ => "live,balanced,studio",
            HelpName = "LIST",
        };
        var noSpatial = new Option<bool>("--no-spatial") { Description = "Spatial model off (default on; the hires method never runs it)." };
        var methods = new Option<string>("--method")
        {
            Description = "Separation methods, comma-separated: hires (the plugin's default), paper.",
            DefaultValueFactory = _ => "hires",
        };
        var command = new Command("bench", "Time the real-time engine: real-time factor and worst-case Process call, stereo 44.1 kHz.")
        {
            seconds, runs, block, iterations, modes, noSpatial, methods,
        };
        command.SetAction(parseResult =>
        {
            var console = CliConsole.From(parseResult);
            double s = parseResult.GetValue(seconds);
            int r = parseResult.GetValue(runs);
            int b = parseResult.GetValue(block);
            if (s is < 1 or > 600 || !double.IsFinite(s) || r is < 1 or > 20 || b is < 1 or > 8192)
            {
                console.Error.WriteLine("kamhp bench: --seconds must be 1..600, --runs 1..20, --block 1..8192.");
                return ExitCodes.Usage;
            }

            if (!TryParseList(parseResult.GetValue(iterations)!, ParseIterations, out List<int> counts)
                || !TryParseList(parseResult.GetValue(modes)!, ParseMode, out List<LatencyMode> latencyModes)
                || !TryParseList(parseResult.GetValue(methods)!, MethodDefaults.Parse, out List<SeparationMethod> methodList))
            {
                console.Error.WriteLine("kamhp bench: --iterations takes counts 1..10, --latency-mode live, balanced, studio, instant and --method hires, paper (comma-separated).");
                return ExitCodes.Usage;
            }

            Run(console.Output, s, r, b, counts, latencyModes, !parseResult.GetValue(noSpatial), methodList);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Times every configuration and prints the table.</summary>
    public static void Run(
        TextWriter output, double seconds, int runs, int block, IReadOnlyList<int> iterations, IReadOnlyList<LatencyMode> modes, bool spatial, IReadOnlyList<SeparationMethod> methods)
    {
        float[][] input = Material((int)(seconds * SampleRateHz), block);
        double blockMs = 1000.0 * block / SampleRateHz;
        output.WriteLine(Invariant(
            $"kamhp bench: {MachineName()}, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}; stereo {SampleRateHz} Hz, {seconds:0.#} s per run, best of {runs}, host blocks of {block} ({blockMs:0.###} ms), spatial model {(spatial ? "on" : "off")}"));
        output.WriteLine(Invariant($"{"mode",-9}{"iter",5}{"latency",11}{"RTF",10}{"x real time",13}{"call p99.9",20}{"call max",20}{"CPU RTF",10}  method"));
        foreach (SeparationMethod method in methods)
        {
            foreach (LatencyMode mode in modes)
            {
                foreach (int count in iterations)
                {
                    var settings = new EngineSettings { Method = method, LatencyMode = mode, Iterations = count, SpatialModel = spatial };
                    Result result = Measure(input, settings, runs, block);
                    double latencyMs = 1000.0 * KamHpEngine.ComputeLatencySamples(SampleRateHz, settings) / SampleRateHz;
                    output.WriteLine(Invariant(
                        $"{mode.ToString().ToLowerInvariant(),-9}{count,5}{latencyMs,8:0.0} ms{result.RealTimeFactor,10:0.00000}{1 / result.RealTimeFactor,12:0}x{Share(result.P999Ms, blockMs),20}{Share(result.MaxMs, blockMs),20}{result.CpuRealTimeFactor,10:0.00000}  {MethodDefaults.NameOf(method)}"));
                }
            }
        }
    }

    private static string Share(double ms, double blockMs) => Invariant($"{ms:0.000} ms ({100 * ms / blockMs:0.0}%)");

    private static Result Measure(float[][] input, EngineSettings settings, int runs, int block)
    {
        var engine = new KamHpEngine();
        engine.Configure(settings);
        engine.Prepare(SampleRateHz, block);
        float[] left = new float[block], right = new float[block];
        int calls = input[0].Length / block;
        long[] ticks = new long[calls * runs];
        double best = double.MaxValue, bestCpu = double.MaxValue;
        using var process = Process.GetCurrentProcess();

        // Warm-up: tiered JIT compiles the hot paths during the first seconds; not the engine's steady cost.
        RunOnce(engine, input, left, right, block, calls, ticks.AsSpan(0, calls));
        for (int r = 0; r < runs; r++)
        {
            process.Refresh();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            long total = RunOnce(engine, input, left, right, block, calls, ticks.AsSpan(r * calls, calls));
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
            best = Math.Min(best, (double)total / Stopwatch.Frequency);
        }

        Array.Sort(ticks);
        double toMs = 1000.0 / Stopwatch.Frequency;
        double audioSeconds = (double)calls * block / SampleRateHz;
        return new Result(
            best / audioSeconds,
            bestCpu / audioSeconds,
            ticks[Math.Min(ticks.Length - 1, (int)(ticks.Length * 0.999))] * toMs,
            ticks[^1] * toMs);
    }

    private static long RunOnce(KamHpEngine engine, float[][] input, float[] left, float[] right, int block, int calls, Span<long> ticks)
    {
        engine.Reset();
        long total = 0;
        for (int call = 0; call < calls; call++)
        {
            int start = call * block;
            long before = Stopwatch.GetTimestamp();
            engine.Process(new AudioBuffer(input, start, block), new AudioBuffer(left, right), default, default, 1f, 1f);
            long elapsed = Stopwatch.GetTimestamp() - before;
            ticks[call] = elapsed;
            total += elapsed;
        }

        return total;
    }

    /// <summary>Deterministic stereo material: three tones per channel and decaying noise bursts (the same amount of work as music).</summary>
    private static float[][] Material(int length, int block)
    {
        length = Math.Max(block, length / block * block);
        var random = new Random(1);
        float[][] channels = [new float[length], new float[length]];
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < length; i++)
            {
                double tone = (0.2 * Math.Sin(2 * Math.PI * (220 + (110 * c)) * i / SampleRateHz)) + (0.1 * Math.Sin(2 * Math.PI * 659.25 * i / SampleRateHz));
                int phase = i % 11025;
                double burst = phase < 2000 ? Math.Exp(-phase / 300.0) * ((2 * random.NextDouble()) - 1) : 0;
                channels[c][i] = (float)(tone + (0.5 * burst));
            }
        }

        return channels;
    }

    /// <summary>The CPU model from /proc/cpuinfo where there is one, else the architecture.</summary>
    internal static string MachineName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
            // Fall through to the architecture.
        }

        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static bool TryParseList<T>(string text, Func<string, T?> parse, out List<T> values)
        where T : struct
    {
        values = [];
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (parse(part) is not T value)
            {
                return false;
            }

            values.Add(value);
        }

        return values.Count > 0;
    }

    private static int? ParseIterations(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= EngineSettings.MaxIterations ? n : null;

    private static LatencyMode? ParseMode(string text) => text.ToLowerInvariant() switch
    {
        "live" => LatencyMode.Live,
        "balanced" => LatencyMode.Balanced,
        "studio" => LatencyMode.Studio,
        "instant" => LatencyMode.Instant,
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Result(double RealTimeFactor, double CpuRealTimeFactor, double P999Ms, double MaxMs);
}
