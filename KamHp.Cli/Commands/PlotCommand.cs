using System.CommandLine;

namespace KamHp.Cli.Commands;

/// <summary><c>kamhp plot</c>. Placeholder until its issue lands; it says so and fails.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var command = new Command("plot", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("kamhp plot: not built yet");
            return 1;
        });
        return command;
    }
}
