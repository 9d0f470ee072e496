using System.Diagnostics;
using System.Runtime.InteropServices;
using KamHp.Cli.Live.Jack;

namespace KamHp.Tests.Cli.Live.Jack;

/// <summary>
/// A private JACK server for the tests: <c>jackd --name kamhp-test-PID-XXXX -d dummy -r 48000 -p 256</c> (the dummy
/// backend needs no sound card), started once for the collection and stopped (SIGTERM) at its end, so the tests are
/// self-contained: they need the jackd2 package, not a running server, and never touch a user's default server.
/// Non-realtime (-r: no privileges needed), synchronous (-S: every client finishes each cycle before the next starts),
/// and a long client timeout (-t) so a loaded CI machine slows the graph down instead of throwing clients out.
/// </summary>
public sealed partial class JackServerFixture : IDisposable
{
    public const int SampleRateHz = 48000;
    public const int PeriodFrames = 256;

    private readonly Process? _jackd;
    private readonly List<string> _log = [];
    private readonly Lazy<LiveSessionRecording> _session;

    public JackServerFixture()
    {
        ServerName = $"kamhp-test-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}";
        var jackd = new[] { "/usr/bin/jackd", "/usr/local/bin/jackd" }.FirstOrDefault(File.Exists);
        if (jackd is null)
        {
            StartError = "jackd is not installed: apt-get install jackd2 (the CI script does)";
            _session = new Lazy<LiveSessionRecording>(() => throw new InvalidOperationException(StartError));
            return;
        }

        var start = new ProcessStartInfo(jackd,
            ["--name", ServerName, "--no-realtime", "--sync", "--timeout", "20000", "-d", "dummy", "-r", $"{SampleRateHz}", "-p", $"{PeriodFrames}", "-C", "2", "-P", "2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["JACK_NO_AUDIO_RESERVATION"] = "1";
        _jackd = Process.Start(start)!;

        // The dummy driver reports every late timer wake-up; the output must be drained or jackd blocks on a full pipe.
        _jackd.OutputDataReceived += (_, e) => Keep(e.Data);
        _jackd.ErrorDataReceived += (_, e) => Keep(e.Data);
        _jackd.BeginOutputReadLine();
        _jackd.BeginErrorReadLine();
        StartError = WaitUntilServing(TimeSpan.FromSeconds(30));
        _session = new Lazy<LiveSessionRecording>(() => LiveSessionRecording.Record(ServerName));
    }

    /// <summary>The server's name (pass to <c>--server</c> or <see cref="JackApi.Open"/>).</summary>
    public string ServerName { get; }

    /// <summary>Why the server is not available, or null when it is.</summary>
    public string? StartError { get; }

    /// <summary>One recorded run of the live client on this server, shared by the tests that inspect it.</summary>
    public LiveSessionRecording Session => _session.Value;

    /// <summary>Asserts the server is up, with the reason if not.</summary>
    public void RequireServer() => Assert.True(StartError is null, StartError + "\n" + string.Join('\n', Log()));

    public IReadOnlyList<string> Log()
    {
        lock (_log)
        {
            return [.. _log.TakeLast(20)];
        }
    }

    public void Dispose()
    {
        if (_jackd is null)
        {
            return;
        }

        if (!_jackd.HasExited)
        {
            _ = Kill(_jackd.Id, 15);   // SIGTERM: jackd removes its sockets and shared memory
            if (!_jackd.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _jackd.Kill();
            }
        }

        _jackd.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    internal static partial int Kill(int pid, int signal);

    private string? WaitUntilServing(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_jackd!.HasExited)
            {
                return $"jackd exited with {_jackd.ExitCode}";
            }

            try
            {
                var probe = JackApi.Open("kamhp-test-probe", ServerName, quiet: true);
                _ = JackNative.ClientClose(probe);
                return null;
            }
            catch (JackUnavailableException)
            {
                Thread.Sleep(100);
            }
        }

        return $"jackd did not start within {timeout.TotalSeconds} s";
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 200)
            {
                _log.RemoveRange(0, 100);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedJackServer : ICollectionFixture<JackServerFixture>
{
    public const string Name = "JACK server";
}
