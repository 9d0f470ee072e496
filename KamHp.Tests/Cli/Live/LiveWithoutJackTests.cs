using System.Diagnostics;
using KamHp.Cli;

namespace KamHp.Tests.Cli.Live;

/// <summary><c>kamhp live</c> as its own process where JACK is missing: one line on standard error, exit code 5, never a stack trace.</summary>
public sealed class LiveWithoutJackTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kamhp-nojack-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void KamhpLive_WithoutLibjack_PrintsOneLine_AndExitsWithTheAudioServerCode()
    {
        // An empty file named libjack.so.0 first on the loader's path: dlopen finds it, cannot load it and fails, as on a
        // machine with neither jackd2 nor pipewire-jack installed.
        File.WriteAllBytes(Path.Combine(_folder, "libjack.so.0"), []);

        (int exitCode, string output, string error) = RunLive(["--server", "kamhp-test-nojack"], ("LD_LIBRARY_PATH", _folder));

        Assert.Equal(ExitCodes.AudioServer, exitCode);
        Assert.Equal("", output);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines);
        Assert.StartsWith("kamhp live: libjack.so.0 not found: install JACK", line, StringComparison.Ordinal);
    }

    [Fact]
    public void KamhpLive_WithoutAServer_PrintsOneLine_AndExitsWithTheAudioServerCode()
    {
        string server = "kamhp-test-absent-" + Guid.NewGuid().ToString("N")[..8];

        (int exitCode, string output, string error) = RunLive(["--server", server]);

        Assert.Equal(ExitCodes.AudioServer, exitCode);
        Assert.Equal("", output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(
            line == $"kamhp live: cannot connect to the JACK server '{server}': is jackd (or PipeWire with pipewire-jack) running?"
            || line.StartsWith("kamhp live: libjack.so.0 not found", StringComparison.Ordinal),   // a machine without JACK at all
            line);
    }

    private static (int ExitCode, string Output, string Error) RunLive(string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "kamhp.dll"), "live", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail("kamhp live did not exit");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
