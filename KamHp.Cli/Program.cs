using System.CommandLine;
using KamHp.Cli.Commands;

namespace KamHp.Cli;

/// <summary>Entry point of the <c>kamhp</c> command.</summary>
public static class Program
{
    /// <summary>
    /// Runs the command line. Exit codes: <see cref="ExitCodes"/> (0 success, 1 usage, 2 bad input, 3 output not
    /// written, 4 internal error, 5 no JACK server (kamhp live), 130 interrupted). Without arguments it prints the help.
    /// </summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with its output and errors going to the given writers (tests capture them).</summary>
    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("KamHp: harmonic/percussive separation by Kernel Additive Modelling (FitzGerald et al. 2014).");
        root.Subcommands.Add(SeparateCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CorpusCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(OfflineBenchCommand.Create());
        root.Subcommands.Add(LiveCommand.Create());
        root.Subcommands.Add(SoakCommand.Create());

        ParseResult parseResult = root.Parse(args.Count == 0 ? ["--help"] : args);
        if (parseResult.Errors.Count > 0)
        {
            // Errors and one hint, not the whole help text: the user sees what is wrong at once.
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"kamhp: {parseError.Message}");
            }

            error.WriteLine($"Run '{CommandPath(parseResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The last net under every command: a bug still ends in one line and a documented exit code, never a trace.
            error.WriteLine($"kamhp: internal error ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); please report it");
            return ExitCodes.InternalError;
        }
        catch (OutOfMemoryException)
        {
            error.WriteLine("kamhp: out of memory; try --streaming for long files");
            return ExitCodes.InternalError;
        }
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "kamhp" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
