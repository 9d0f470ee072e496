using System.CommandLine;
using KamHp.Cli.Commands;

namespace KamHp.Cli;

/// <summary>Entry point of the <c>kamhp</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; exit code 0 on success, 1 on usage errors, 2 on bad input files.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("KamHp: harmonic/percussive separation by Kernel Additive Modelling (FitzGerald et al. 2014).");
        root.Subcommands.Add(SeparateCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root.Parse(args).Invoke();
    }
}
