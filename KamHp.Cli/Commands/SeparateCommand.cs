using System.CommandLine;

namespace KamHp.Cli.Commands;

/// <summary><c>kamhp separate</c>. Placeholder until its issue lands; it says so and fails.</summary>
internal static class SeparateCommand
{
    public static Command Create()
    {
        var command = new Command("separate", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("kamhp separate: not built yet");
            return 1;
        });
        return command;
    }
}
