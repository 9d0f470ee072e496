using System.Diagnostics;
using KamHp.Cli.Audio;

namespace KamHp.Cli.Commands;

/// <summary>
/// Runs <c>kamhp separate</c> over every input: expands and plans them, refuses the whole batch before any work when
/// a name collides, an output is an input, exists (without --force) or cannot be written, then separates each input
/// in turn (<see cref="SeparateOne"/>) with one progress bar for the batch. Prints one line per input and, for several,
/// a total; returns the worst exit code. SIGINT/SIGTERM stop the batch with <see cref="ExitCodes.Interrupted"/>.
/// </summary>
internal static class SeparateBatch
{
    public static int Run(SeparateRequest request, CliConsole console)
    {
        using Interruption interruption = Interruption.Listen();
        return Run(request, console, interruption.Token);
    }

    internal static int Run(SeparateRequest request, CliConsole console, CancellationToken cancellation)
    {
        var wall = Stopwatch.StartNew();
        IReadOnlyList<InputEntry> entries = InputList.Expand(request.Inputs, out string? usageError);
        usageError ??= OutputNames.Check(request.NameTemplate);
        if (usageError is not null)
        {
            console.Error.WriteLine($"kamhp: {usageError}");
            return ExitCodes.Usage;
        }

        IReadOnlyList<FilePlan> plans = SeparatePlan.Build(request, entries);
        var createdFolders = new List<string>();
        try
        {
            return Run(request, console, plans, createdFolders, wall, cancellation);
        }
        finally
        {
            SeparatePlan.RemoveEmpty(createdFolders);
        }
    }

    private static int Run(SeparateRequest request, CliConsole console, IReadOnlyList<FilePlan> plans, List<string> createdFolders, Stopwatch wall, CancellationToken cancellation)
    {
        if ((SeparatePlan.CheckNames(plans, request.Force) ?? SeparatePlan.CheckJson(request.JsonPath) ?? SeparatePlan.PrepareFolders([.. plans.Where(p => p.Input.Problem is null)], createdFolders)) is { } refusal)
        {
            console.Error.WriteLine($"kamhp: {refusal.Message}");
            return refusal.ExitCode;
        }

        var results = new List<FileResult>(plans.Count);
        bool interrupted = false;
        string title = plans.Count == 1 ? $"Separating {AudioInput.DisplayName(plans[0].Input.Path)}" : $"Separating {plans.Count} files";
        CliConsole shown = request.Quiet ? console.WithoutProgress() : console;
        shown.WithProgress(title, progress =>
        {
            for (int i = 0; i < plans.Count && !interrupted; i++)
            {
                var fileProgress = progress is null ? null : new BatchProgress(progress, i, plans.Count);
                try
                {
                    FileResult result = SeparateOne.Run(request, plans[i], console, fileProgress, cancellation);
                    results.Add(result);
                    Report(result, request, console);
                }
                catch (OperationCanceledException)
                {
                    results.Add(FileResult.Failed(plans[i].Input.Path, ExitCodes.Interrupted, $"{AudioInput.DisplayName(plans[i].Input.Path)}: interrupted; no output of it was written"));
                    Report(results[^1], request, console);
                    interrupted = true;
                }
            }

            return 0;
        });

        wall.Stop();
        int exitCode = results.Count == 0 ? ExitCodes.Ok : results.Max(r => r.ExitCode);
        if (plans.Count > 1 && !request.Quiet && request.JsonPath != "-")
        {
            console.Output.WriteLine(SeparateReport.Total(results, plans.Count, wall.Elapsed.TotalSeconds));
        }

        if (request.JsonPath is { } json && !SeparateReport.TryWriteJson(json, results, plans.Count, exitCode, wall.Elapsed.TotalSeconds, console))
        {
            exitCode = Math.Max(exitCode, ExitCodes.OutputFailed);
        }

        return exitCode;
    }

    private static void Report(FileResult result, SeparateRequest request, CliConsole console)
    {
        if (result.Error is { } error)
        {
            console.Error.WriteLine($"kamhp: {error}");
        }
        else if (!request.Quiet && request.JsonPath != "-")
        {
            console.Output.WriteLine(SeparateReport.Line(result, request));
        }
    }

    /// <summary>File <c>index</c> of <c>count</c>: its 0..1 maps to its slice of the batch's bar.</summary>
    private sealed class BatchProgress(IProgress<double> batch, int index, int count) : IProgress<double>
    {
        public void Report(double value) => batch.Report((index + Math.Clamp(value, 0, 1)) / count);
    }
}
