using System.Diagnostics;

namespace KamHp.Tests.Vst3.Ardour;

/// <summary>Runs a command line tool with extra environment variables and a time limit.</summary>
internal static class ExternalTool
{
    public static (int ExitCode, string Output, string Error) Run(
        string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, output.Result, error.Result + $"\n(killed after {timeout.TotalSeconds} s)");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
