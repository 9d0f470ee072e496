using System.CommandLine;
using KamHp.Cli.Soak;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp soak</c>: issue 15's long-session test, faster than real time. Drives the plugin with pink noise under
/// continuous automation and host restarts, and prints resident memory, managed heap and allocated bytes per audio-hour.
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var hours = new Option<double>("--hours")
        {
            Description = "Audio to run, in hours (0.01..1000).",
            DefaultValueFactory = _ => 1,
            HelpName = "H",
        };
        var report = new Option<double>("--report-minutes")
        {
            Description = "Audio between two report lines, in minutes (1..6000).",
            DefaultValueFactory = _ => 60,
            HelpName = "M",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the noise and the automation.", DefaultValueFactory = _ => 15 };
        var command = new Command("soak", "Run the plugin model for hours of audio under automation and restarts; print memory and allocations per audio-hour. Run with DOTNET_TieredCompilation=0 (or the NativeAOT kamhp): otherwise the JIT re-compiling hot methods after about an hour shows as resident growth of this process, not of the plug-in.")
        {
            hours, report, seed,
        };
        command.SetAction(parseResult =>
        {
            var console = CliConsole.From(parseResult);
            var h = parseResult.GetValue(hours);
            var m = parseResult.GetValue(report);
            if (!double.IsFinite(h) || h is < 0.01 or > 1000 || !double.IsFinite(m) || m is < 1 or > 6000)
            {
                console.Error.WriteLine("kamhp soak: --hours must be 0.01..1000 and --report-minutes 1..6000.");
                return ExitCodes.Usage;
            }

            var options = new SoakOptions(h, m, SampleRateHz: 48000, BlockSize: 512, parseResult.GetValue(seed));
            using var target = new ModelTarget(options.SampleRateHz, options.BlockSize);
            SoakRunner.Run(target, options, console.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
