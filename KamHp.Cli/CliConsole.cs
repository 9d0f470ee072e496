using System.CommandLine;
using Spectre.Console;

namespace KamHp.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Output"/>, errors and warnings to <see cref="Error"/>, and a
/// progress bar only when <see cref="Error"/> is a terminal (never when redirected or captured by a test).
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, bool isInteractive)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True when progress may be drawn: the error stream is the process's own and a terminal.</summary>
    public bool IsInteractive { get; } = isInteractive;

    public static CliConsole From(ParseResult parseResult)
    {
        var configuration = parseResult.InvocationConfiguration;
        TextWriter output = configuration.Output;
        TextWriter error = configuration.Error;
        bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        return new CliConsole(output, error, interactive);
    }

    /// <summary>The same writers without a progress bar (<c>--quiet</c>).</summary>
    public CliConsole WithoutProgress() => new(Output, Error, isInteractive: false);

    /// <summary>
    /// Runs <paramref name="work"/>, showing a progress bar titled <paramref name="title"/> on the terminal when
    /// interactive; otherwise runs it silently. <paramref name="work"/> receives fractions 0..1.
    /// </summary>
    public T WithProgress<T>(string title, Func<IProgress<double>?, T> work)
    {
        if (!IsInteractive)
        {
            return work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                return work(new Reporter(task));
            });
    }

    /// <summary>Synchronous progress sink: <see cref="Progress{T}"/> would post to the thread pool and lag.</summary>
    private sealed class Reporter(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0.0, 1.0);
    }
}
