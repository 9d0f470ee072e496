using System.CommandLine;
using KamHp.Cli.Live;

namespace KamHp.Tests.Cli.Live;

/// <summary>Parses <c>kamhp live</c> options as the command does, asserting they are valid.</summary>
internal static class LiveCommandLine
{
    public static LiveSettings Parse(params string[] args)
    {
        var options = new LiveOptions();
        var command = new RootCommand();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        var errors = new List<string>();
        var settings = options.Read(command.Parse(args), errors);
        Assert.Empty(errors);
        Assert.NotNull(settings);
        return settings;
    }
}
