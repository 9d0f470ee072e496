using System.CommandLine;

namespace KamHp.Cli.Commands;

/// <summary><c>kamhp eval</c>. Placeholder until its issue lands; it says so and fails.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "(not built yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("kamhp eval: not built yet");
            return 1;
        });
        return command;
    }
}
