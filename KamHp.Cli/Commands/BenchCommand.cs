using System.CommandLine;

namespace KamHp.Cli.Commands;

/// <summary><c>kamhp bench</c>. Placeholder until its issue lands; it says so and fails.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("kamhp bench: not built yet");
            return 1;
        });
        return command;
    }
}
