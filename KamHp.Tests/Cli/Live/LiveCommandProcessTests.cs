using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KamHp.Cli;
using KamHp.Cli.Live.Jack;
using KamHp.Tests.Cli.Live.Jack;

namespace KamHp.Tests.Cli.Live;

/// <summary><c>kamhp live</c> as its own process on the test server: --connect, status lines, latency, clean exit on signals.</summary>
[Collection(SharedJackServer.Name)]
public sealed partial class LiveCommandProcessTests(JackServerFixture server)
{
    [Theory]
    [InlineData(15, "SIGTERM")]
    [InlineData(2, "SIGINT")]
    public async Task KamhpLive_ConnectsToTheSystemPorts_ReportsStatus_AndExitsZeroOnSignal(int signal, string name)
    {
        server.RequireServer();
        var client = "kamhp-proc-" + name.ToLowerInvariant();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "kamhp.dll"), "live", "--server", server.ServerName, "--name", client, "--connect", "--status-seconds", "0.5"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            // Banner, connections, then status lines.
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.Contains("xruns", StringComparison.Ordinal))
            {
                lines.Add(line);
            }

            Assert.True(line is not null, $"no status line; output:\n{string.Join('\n', lines)}\nerrors:\n{(process.HasExited ? await error : "")}");
            var latency = int.Parse(LatencyPattern().Match(lines[0]).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Contains($"kamhp live: connected system:capture_1 -> {client}:in_L", lines);
            Assert.Contains($"kamhp live: connected {client}:out_R -> system:playback_2", lines);

            var probe = JackApi.Open("kamhp-test-probe", server.ServerName, quiet: true);
            try
            {
                Assert.True(JackNative.PortConnected(JackNative.PortByName(probe, client + ":in_R")) > 0);
                var capture = JackApi.LatencyRange(probe, "system:capture_1", JackLatencyMode.Capture);
                var output = JackApi.LatencyRange(probe, client + ":out_L", JackLatencyMode.Capture);
                Assert.Equal((capture.Min + (uint)latency, capture.Max + (uint)latency), output);

                Assert.Equal(0, JackServerFixture.Kill(process.Id, signal));
                Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "kamhp live did not stop");
                Assert.Equal(ExitCodes.Ok, process.ExitCode);
                Assert.Equal("", await error);
                Assert.Equal(0, JackNative.PortByName(probe, client + ":in_L"));   // closed: its ports are gone
            }
            finally
            {
                _ = JackNative.ClientClose(probe);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [GeneratedRegex(@"latency (\d+) samples")]
    private static partial Regex LatencyPattern();
}
