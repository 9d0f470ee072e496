using System.CommandLine;
using KamHp.Cli.Audio;
using KamHp.Cli.Evaluation;
using KamHp.Cli.Plotting;
using KamHp.Dsp.Offline;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp plot IN.wav -o fig.png</c>: separates IN.wav with the offline separator and draws the spectrograms of the
/// mixture, harmonic and percussive outputs and the harmonic mask (log frequency axis).
/// <c>kamhp plot results.json [more.json ...] -o DIR</c>: draws the figures of <c>kamhp eval</c> reports
/// (iterations.png, latency.png; several reports are merged, e.g. an offline and a streaming run).
/// Exit codes: 0 done, 1 usage error, 2 bad input file, 3 output not written.
/// </summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("input")
        {
            Description = "An audio file to separate and draw, or one or more kamhp eval JSON reports.",
            HelpName = "INPUT",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The PNG file (WAV input; default IN.png) or the folder for the figures (JSON input; default: the report's folder).",
            HelpName = "PATH",
        };
        var iterations = new Option<int>("--iterations")
        {
            Description = $"Iterations of the separator for a WAV input, 1..{KamSettings.MaxIterations}.",
            DefaultValueFactory = _ => SeparateCommand.DefaultIterations,
            HelpName = "N",
        };
        var noSpatial = new Option<bool>("--no-spatial") { Description = "Spatial model off for a WAV input." };
        var start = new Option<double>("--start") { Description = "WAV input: first second shown (the whole file is separated).", HelpName = "S" };
        var duration = new Option<double?>("--duration") { Description = "WAV input: seconds shown (default: to the end).", HelpName = "S" };

        var command = new Command("plot", "Spectrogram figure of a separation, or the figures of kamhp eval reports.")
        {
            inputs, output, iterations, noSpatial, start, duration,
        };
        command.SetAction(parse =>
        {
            CliConsole console = CliConsole.From(parse);
            string[] files = parse.GetValue(inputs) ?? [];
            string? destination = parse.GetValue(output);
            if (files.All(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
            {
                return PlotReports(console, files, destination ?? Path.GetDirectoryName(Path.GetFullPath(files[0])) ?? ".");
            }

            if (files.Length != 1)
            {
                console.Error.WriteLine("kamhp plot: give one WAV file, or only JSON reports");
                return ExitCodes.Usage;
            }

            int n = parse.GetValue(iterations);
            if (n is < 1 or > KamSettings.MaxIterations)
            {
                console.Error.WriteLine($"kamhp plot: --iterations {n}: must be 1..{KamSettings.MaxIterations}");
                return ExitCodes.Usage;
            }

            double startSeconds = parse.GetValue(start);
            double? durationSeconds = parse.GetValue(duration);
            if (startSeconds < 0 || durationSeconds <= 0)
            {
                console.Error.WriteLine("kamhp plot: --start must be 0 or more and --duration above 0");
                return ExitCodes.Usage;
            }

            string png = destination ?? Path.ChangeExtension(files[0], ".png");
            return PlotSeparation(console, files[0], png, n, !parse.GetValue(noSpatial), startSeconds, durationSeconds);
        });
        return command;
    }

    private static int PlotSeparation(CliConsole console, string input, string png, int iterations, bool spatial, double startSeconds, double? durationSeconds)
    {
        if (!png.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            console.Error.WriteLine($"kamhp plot: -o {png}: the figure must be a .png file");
            return ExitCodes.Usage;
        }

        if (!Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(png))))
        {
            console.Error.WriteLine($"kamhp plot: -o {png}: folder does not exist");
            return ExitCodes.Usage;
        }

        if (!SeparateOne.TryRead(input, out DecodedAudio? audio, out string problem))
        {
            console.Error.WriteLine($"kamhp plot: {problem}");
            return ExitCodes.BadInput;
        }

        AudioClip clip = audio.Clip;
        if (startSeconds >= clip.DurationSeconds)
        {
            console.Error.WriteLine(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"kamhp plot: --start {startSeconds}: beyond the end of {input} ({clip.DurationSeconds:0.###} s)"));
            return ExitCodes.Usage;
        }

        KamSettings settings = EvalDefaults.Kam(clip.SampleRateHz, iterations, spatial);
        SeparatedSignals separated = console.WithProgress(
            $"separating {Path.GetFileName(input)}",
            progress => new KamOfflineSeparator(settings).Separate(clip.Channels, everyIteration: false, progress).Final);
        try
        {
            string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(png)) ?? ".", $".{Path.GetFileName(png)}.{Environment.ProcessId}.tmp.png");
            try
            {
                SpectrogramFigure.Save(
                    temporary,
                    clip.SampleRateHz,
                    settings.Stft,
                    clip.Channels,
                    separated.Harmonic,
                    separated.Percussive,
                    $"{DisplayName(input)}, KAM {iterations} it, {(spatial ? "spatial" : "no spatial")}",
                    startSeconds,
                    durationSeconds);
                File.Move(temporary, png, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"kamhp plot: {png}: {e.Message.Split('\n')[0]}");
            return ExitCodes.OutputFailed;
        }

        console.Output.WriteLine($"wrote {png}");
        return ExitCodes.Ok;
    }

    /// <summary>"folder/file.wav": corpus files are all called mix.wav, so the folder says which one it is.</summary>
    private static string DisplayName(string path)
    {
        string? folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        return string.IsNullOrEmpty(folder) ? Path.GetFileName(path) : $"{folder}/{Path.GetFileName(path)}";
    }

    private static int PlotReports(CliConsole console, string[] files, string folder)
    {
        var reports = new List<EvalReport>();
        foreach (string file in files)
        {
            try
            {
                reports.Add(EvalReportJson.Read(file));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"kamhp plot: {(e is FormatException ? e.Message : $"{file}: {e.Message.Split('\n')[0]}")}");
                return ExitCodes.BadInput;
            }
        }

        var merged = new EvalReport(
            reports[0].Metric,
            reports[0].Corpus,
            [.. reports.SelectMany(r => r.Results)],
            [.. reports.SelectMany(r => r.Means)]);
        IReadOnlyList<string> written;
        try
        {
            written = EvalPlots.WriteAll(merged, folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"kamhp plot: {folder}: {e.Message.Split('\n')[0]}");
            return ExitCodes.OutputFailed;
        }

        if (written.Count == 0)
        {
            console.Error.WriteLine("kamhp plot: the reports hold no offline KAM or streaming results to draw");
            return ExitCodes.BadInput;
        }

        foreach (string file in written)
        {
            console.Output.WriteLine($"wrote {file}");
        }

        return ExitCodes.Ok;
    }
}
