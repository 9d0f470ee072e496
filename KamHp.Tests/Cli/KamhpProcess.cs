using System.Diagnostics;

namespace KamHp.Tests.Cli;

/// <summary>Runs <c>kamhp</c> as its own process (<c>dotnet kamhp.dll</c>): standard input, signals and exit codes as a shell sees them.</summary>
internal static class KamhpProcess
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "kamhp.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, string workingFolder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingFolder,
        };
        start.ArgumentList.Add(DllPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs to the end with <paramref name="standardInput"/> piped in (closed when written).</summary>
    public static CliRun Run(string workingFolder, byte[] standardInput, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments, workingFolder))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (Stream stdin = process.StandardInput.BaseStream)
        {
            stdin.Write(standardInput);
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("kamhp did not finish in 2 minutes");
        }

        return new CliRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs an external tool (ffmpeg, mkfifo, ln, bash) and fails the test if it fails; returns its output.</summary>
    public static string Tool(string file, params string[] arguments)
    {
        CliRun run = Exec(file, arguments);
        Assert.True(run.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {run.Error}");
        return run.Output;
    }

    /// <summary>Runs a program to its end and returns what it printed and its exit code.</summary>
    public static CliRun Exec(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error);
    }
}
