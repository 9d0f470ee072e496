using System.CommandLine;

namespace KamHp.Cli.Commands;

/// <summary><c>kamhp demo</c>. Placeholder until its issue lands; it says so and fails.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("kamhp demo: not built yet");
            return 1;
        });
        return command;
    }
}
