using System.CommandLine;
using System.Globalization;
using KamHp.Cli.Audio;
using KamHp.Cli.Evaluation;
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
    public static Command Create()
    {
        var corpus = new Argument<string>("corpus") { Description = "Corpus folder: one sub-folder per excerpt holding mix.wav, harmonic.wav, percussive.wav (kamhp corpus DIR writes one).", HelpName = "CORPUS" };
        var mode = new Option<string>("--mode") { Description = "offline, streaming, or both comma-separated.", DefaultValueFactory = _ => "offline", HelpName = "MODES" };
        var latencyMode = new Option<string?>("--latency-mode") { Description = "Streaming latency modes, comma-separated: live, balanced, studio, instant (default: all four).", HelpName = "MODES" };
        var iterations = new Option<string>("--iterations") { Description = "Iteration counts, comma-separated, ranges allowed (1-10); each is run and timed on its own.", DefaultValueFactory = _ => "1,2,3,5,10", HelpName = "LIST" };
        var noSpatial = new Option<bool>("--no-spatial") { Description = "Spatial model off (same as --spatial off)." };
        var spatial = new Option<string?>("--spatial") { Description = "Spatial model: on, off, or both (default on).", HelpName = "on|off|both" };
        var method = new Option<string>("--method") { Description = "Comma-separated: paper (kam: Algorithm 1 of the paper), hires (the default method of separate, offline and streaming: 186 ms frames, 100 Hz percussive kernel, no spatial model), cascade (a two-resolution research method; offline), nwaves (NWaves HarmonicPercussiveSeparator, the FitzGerald 2010 peer), mix (the unseparated mixture as both estimates, a lower anchor).", DefaultValueFactory = _ => "paper", HelpName = "METHODS" };
        var saveOutputs = new Option<string?>("--save-outputs") { Description = "Keep the separated files as DIR/<setting>/<excerpt>/{harmonic,percussive}.wav (32-bit float).", HelpName = "DIR" };
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to FILE (format: docs/RESULTS.md).", HelpName = "FILE" };
        var plot = new Option<string?>("--plot") { Description = "Write the result plots (PNG) into DIR.", HelpName = "DIR" };
        var jobs = new Option<int?>("--jobs") { Description = "Excerpts separated at once (default: one per core).", HelpName = "N" };

        var command = new Command("eval", "Separate a corpus and score every output with BSS Eval (SDR, ISR, SIR, SAR); every option takes a comma-separated grid of values.")
        {
            corpus, mode, latencyMode, iterations, noSpatial, spatial, method, saveOutputs, json, plot, jobs,
        };
        var gridOptions = new List<(EvalGrid.GridOption Grid, Option<string?> Option)>();
        foreach (EvalGrid.GridOption grid in EvalGrid.Options)
        {
            var option = new Option<string?>("--" + grid.Name) { Description = grid.Description + " Comma-separated values form a grid.", HelpName = "LIST" };
            gridOptions.Add((grid, option));
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            CliConsole console = CliConsole.From(parse);
            IReadOnlyList<EvalSetting> settings;
            try
            {
                bool off = parse.GetValue(noSpatial);
                string? spatialText = parse.GetValue(spatial);
                if (off && spatialText is not null && spatialText != "off")
                {
                    throw new FormatException($"--no-spatial contradicts --spatial {spatialText}");
                }

                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (grid, option) in gridOptions)
                {
                    if (parse.GetValue(option) is string text)
                    {
                        values[grid.Name] = text;
                    }
                }

                settings = EvalGrid.Parse(
                    parse.GetValue(method) ?? "paper",
                    parse.GetValue(mode) ?? "offline",
                    parse.GetValue(latencyMode),
                    parse.GetValue(iterations) ?? string.Empty,
                    off ? "off" : spatialText ?? "on",
                    values);
                if (parse.GetValue(jobs) is int j && j < 1)
                {
                    throw new FormatException($"--jobs {j}: must be 1 or more");
                }
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

            int parallelism = parse.GetValue(jobs) ?? Environment.ProcessorCount;
            return Run(console, parse.GetValue(corpus) ?? ".", settings, parallelism, parse.GetValue(saveOutputs), jsonPath, parse.GetValue(plot));
        });
        return command;
    }

    private static int Run(CliConsole console, string corpus, IReadOnlyList<EvalSetting> settings, int parallelism, string? saveOutputs, string? jsonPath, string? plotFolder)
    {
        List<IEvalJob> jobs = [.. settings.Select(EvalJobs.Create)];

        IReadOnlyList<CorpusExcerpt> excerpts;
        try
        {
            excerpts = CorpusExcerpt.Discover(corpus);
            foreach (CorpusExcerpt excerpt in excerpts)
            {
                // Every file is read and checked, and every setting checked at the file's rate, before anything is
                // computed or written.
                int rate = excerpt.Load().Mix.SampleRateHz;
                foreach (IEvalJob job in jobs)
                {
                    if (job.Check(rate) is string problem)
                    {
                        console.Error.WriteLine($"kamhp eval: {job.Setting.ShortLabel} at {rate} Hz ({excerpt.Name}): {problem}");
                        return ExitCodes.Usage;
                    }
                }
            }
        }
        catch (Exception e) when (e is CorpusException or WavFormatException)
        {
            console.Error.WriteLine($"kamhp eval: {e.Message}");
            return ExitCodes.BadInput;
        }

        var runner = new EvalRunner(jobs, saveOutputs, parallelism);
        EvalReport report;
        try
        {
            console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"kamhp eval: {excerpts.Count} excerpt{(excerpts.Count == 1 ? string.Empty : "s")} x {jobs.Count} setting{(jobs.Count == 1 ? string.Empty : "s")}, {Math.Min(parallelism, Math.Max(1, excerpts.Count))} at a time"));
            var gate = new Lock();
            report = runner.Run(corpus, excerpts, line =>
            {
                lock (gate)
                {
                    console.Error.WriteLine(line);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is IOException or UnauthorizedAccessException))
        {
            console.Error.WriteLine($"kamhp eval: --save-outputs {saveOutputs}: {e.InnerExceptions[0].Message.Split('\n')[0]}");
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
            tables.Profile.Width = Math.Max(tables.Profile.Width, 200);
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
}
