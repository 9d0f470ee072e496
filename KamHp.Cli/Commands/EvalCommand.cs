using System.CommandLine;
using System.Globalization;
using KamHp.Cli.Audio;
using KamHp.Cli.Evaluation;
using KamHp.Dsp;
using KamHp.Dsp.Offline;
using Spectre.Console;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp eval CORPUS</c>: separates every excerpt of a corpus (folders with mix.wav, harmonic.wav, percussive.wav),
/// scores each output against its true stem with BSS Eval (images variant for stereo, sources for mono; see
/// <see cref="KamHp.Evaluation.BssEval"/>), prints a table per excerpt and the means, and optionally writes the
/// JSON report (<see cref="EvalReportJson"/>), the separated files and the plots.
/// Exit codes: 0 done, 1 usage error, 2 bad corpus or unreadable file.
/// </summary>
internal static class EvalCommand
{
    private static readonly string[] s_latencyModes = ["live", "balanced", "studio"];

    public static Command Create()
    {
        var corpus = new Argument<string>("corpus") { Description = "Corpus folder: one sub-folder per excerpt holding mix.wav, harmonic.wav, percussive.wav.", HelpName = "CORPUS" };
        var mode = new Option<string>("--mode") { Description = "offline, streaming, or both comma-separated (KAM only).", DefaultValueFactory = _ => "offline", HelpName = "MODES" };
        var latencyMode = new Option<string?>("--latency-mode") { Description = "Streaming latency modes, comma-separated: live, balanced, studio (default: all three).", HelpName = "MODES" };
        var iterations = new Option<string>("--iterations") { Description = "Iteration counts, comma-separated, ranges allowed (1-10).", DefaultValueFactory = _ => "1,2,3,5,10", HelpName = "LIST" };
        var noSpatial = new Option<bool>("--no-spatial") { Description = "Spatial model off (same as --spatial off)." };
        var spatial = new Option<string?>("--spatial") { Description = "Spatial model: on, off, or both (default on).", HelpName = "on|off|both" };
        var method = new Option<string>("--method") { Description = "Comma-separated: kam, nwaves (NWaves HarmonicPercussiveSeparator, the FitzGerald 2010 peer), mix (the unseparated mixture as both estimates, a lower anchor).", DefaultValueFactory = _ => "kam", HelpName = "METHODS" };
        var saveOutputs = new Option<string?>("--save-outputs") { Description = "Keep the separated files as DIR/<setting>/<excerpt>/{harmonic,percussive}.wav (32-bit float).", HelpName = "DIR" };
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to FILE (format: docs/RESULTS.md).", HelpName = "FILE" };
        var plot = new Option<string?>("--plot") { Description = "Write the result plots (PNG) into DIR.", HelpName = "DIR" };

        var command = new Command("eval", "Separate a corpus and score every output with BSS Eval (SDR, ISR, SIR, SAR).")
        {
            corpus, mode, latencyMode, iterations, noSpatial, spatial, method, saveOutputs, json, plot,
        };

        command.SetAction(parse =>
        {
            CliConsole console = CliConsole.From(parse);
            EvalOptions options;
            try
            {
                options = EvalOptions.Parse(
                    parse.GetValue(mode) ?? "offline",
                    parse.GetValue(latencyMode),
                    parse.GetValue(iterations) ?? string.Empty,
                    parse.GetValue(noSpatial),
                    parse.GetValue(spatial),
                    parse.GetValue(method) ?? "kam");
            }
            catch (FormatException e)
            {
                console.Error.WriteLine($"kamhp eval: {e.Message}");
                return ExitCodes.Usage;
            }

            string? jsonPath = parse.GetValue(json);
            if (jsonPath is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(jsonPath))))
            {
                console.Error.WriteLine($"kamhp eval: --json {jsonPath}: folder does not exist");
                return ExitCodes.Usage;
            }

            return Run(console, parse.GetValue(corpus) ?? ".", options, parse.GetValue(saveOutputs), jsonPath, parse.GetValue(plot));
        });
        return command;
    }

    private static int Run(CliConsole console, string corpus, EvalOptions options, string? saveOutputs, string? jsonPath, string? plotFolder)
    {
        List<IEvalJob> jobs = options.CreateJobs();

        IReadOnlyList<CorpusExcerpt> excerpts;
        try
        {
            excerpts = CorpusExcerpt.Discover(corpus);
            foreach (CorpusExcerpt excerpt in excerpts)
            {
                _ = excerpt.Load(); // every file is read and checked before anything is computed or written
            }
        }
        catch (Exception e) when (e is CorpusException or WavFormatException)
        {
            console.Error.WriteLine($"kamhp eval: {e.Message}");
            return ExitCodes.BadInput;
        }

        var runner = new EvalRunner(jobs, saveOutputs);
        EvalReport report;
        try
        {
            report = console.WithProgress($"kamhp eval {corpus}", progress => runner.Run(corpus, excerpts, progress));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"kamhp eval: --save-outputs {saveOutputs}: {e.Message.Split('\n')[0]}");
            return ExitCodes.OutputFailed;
        }

        // Tables go to the command's output; when that is not a terminal (a log file, a pipe, a test) they get
        // 160 columns instead of wrapping at 80.
        IAnsiConsole tables = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Output),
            Ansi = console.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!console.IsInteractive || Console.IsOutputRedirected)
        {
            tables.Profile.Width = Math.Max(tables.Profile.Width, 160);
        }

        EvalTables.Write(tables, report);
        try
        {
            if (jsonPath is not null)
            {
                EvalReportJson.Write(jsonPath, report);
                console.Output.WriteLine($"wrote {jsonPath}");
            }

            if (plotFolder is not null)
            {
                foreach (string file in EvalPlots.WriteAll(report, plotFolder))
                {
                    console.Output.WriteLine($"wrote {file}");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"kamhp eval: {e.Message.Split('\n')[0]}");
            return ExitCodes.OutputFailed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The parsed settings grid.</summary>
    private sealed record EvalOptions(
        IReadOnlyList<EvalMode> Modes,
        IReadOnlyList<string> LatencyModes,
        IReadOnlyList<int> Iterations,
        IReadOnlyList<bool> Spatial,
        IReadOnlyList<EvalMethod> Methods)
    {
        public static EvalOptions Parse(string modes, string? latencyModes, string iterations, bool noSpatial, string? spatial, string methods)
        {
            EvalMode[] modeList = [.. Split(modes, "--mode").Select(m => m switch
            {
                "offline" => EvalMode.Offline,
                "streaming" => EvalMode.Streaming,
                _ => throw new FormatException($"--mode: '{m}' is not offline or streaming"),
            }).Distinct()];
            EvalMethod[] methodList = [.. Split(methods, "--method").Select(m => m switch
            {
                "kam" => EvalMethod.Kam,
                "nwaves" => EvalMethod.NWaves,
                "mix" => EvalMethod.Mixture,
                _ => throw new FormatException($"--method: '{m}' is not kam, nwaves or mix"),
            }).Distinct()];

            string[] latencyList = latencyModes is null ? s_latencyModes : [.. Split(latencyModes, "--latency-mode").Distinct()];
            foreach (string l in latencyList)
            {
                if (!s_latencyModes.Contains(l))
                {
                    throw new FormatException($"--latency-mode: '{l}' is not live, balanced or studio");
                }
            }

            if (latencyModes is not null && !modeList.Contains(EvalMode.Streaming))
            {
                throw new FormatException("--latency-mode applies to --mode streaming only");
            }

            if (noSpatial && spatial is not null && spatial != "off")
            {
                throw new FormatException($"--no-spatial contradicts --spatial {spatial}");
            }

            bool[] spatialList = (noSpatial ? "off" : spatial ?? "on") switch
            {
                "on" => [true],
                "off" => [false],
                "both" => [true, false],
                string other => throw new FormatException($"--spatial: '{other}' is not on, off or both"),
            };

            int[] iterationList = ParseIterations(iterations);
            if (modeList.Contains(EvalMode.Streaming) && methodList.Contains(EvalMethod.Kam) && iterationList[^1] > EngineSettings.MaxIterations)
            {
                throw new FormatException($"--iterations {iterationList[^1]}: the streaming engine runs at most {EngineSettings.MaxIterations}");
            }

            return new EvalOptions(modeList, latencyList, iterationList, spatialList, methodList);
        }

        public List<IEvalJob> CreateJobs()
        {
            var jobs = new List<IEvalJob>();
            if (Methods.Contains(EvalMethod.Kam))
            {
                foreach (EvalMode mode in Modes)
                {
                    foreach (bool spatial in Spatial)
                    {
                        if (mode == EvalMode.Offline)
                        {
                            jobs.Add(new OfflineKamJob(spatial, Iterations));
                            continue;
                        }

                        foreach (string latency in LatencyModes)
                        {
                            foreach (int n in Iterations)
                            {
                                jobs.Add(new StreamingKamJob(latency, n, spatial));
                            }
                        }
                    }
                }
            }

            if (Methods.Contains(EvalMethod.NWaves))
            {
                jobs.Add(new NWavesJob());
            }

            if (Methods.Contains(EvalMethod.Mixture))
            {
                jobs.Add(new MixtureJob());
            }

            return jobs;
        }

        private static int[] ParseIterations(string text)
        {
            var counts = new SortedSet<int>();
            foreach (string part in Split(text, "--iterations"))
            {
                string[] range = part.Split('-');
                if (range.Length > 2
                    || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from)
                    || !int.TryParse(range[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int to)
                    || from < 1 || to > KamSettings.MaxIterations || from > to)
                {
                    throw new FormatException($"--iterations: '{part}' is not a count or range within 1..{KamSettings.MaxIterations}");
                }

                for (int n = from; n <= to; n++)
                {
                    counts.Add(n);
                }
            }

            return [.. counts];
        }

        private static string[] Split(string text, string option)
        {
            string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length > 0 ? parts : throw new FormatException($"{option}: no value");
        }
    }
}
