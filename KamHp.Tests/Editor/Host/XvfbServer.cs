using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KamHp.Tests.Editor.Host;

/// <summary>
/// A private Xvfb (virtual X server) on a free display number, started by the test itself so it needs nothing from
/// the machine but the xvfb package, and stopped (by its own process id) on dispose. Sets DISPLAY in the native
/// environment of this process (the plug-in's XOpenDisplay(NULL) reads it with getenv).
/// </summary>
public sealed partial class XvfbServer : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    public XvfbServer()
    {
        // -displayfd: Xvfb itself takes the first free display (its lock file is created atomically) and writes the
        // number to the given descriptor once it accepts connections. Choosing a number here and probing it raced with
        // other test runs on the same machine: a second Xvfb on a taken number exits, yet the probe reached the first.
        var start = new ProcessStartInfo("Xvfb", ["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Xvfb did not start (apt-get install xvfb).");
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        var line = _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (line is null || !int.TryParse(line.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            Stop(_process);
            throw new InvalidOperationException($"Xvfb did not report a display: {Status}");
        }

        Display = $":{number}";
        if (SetEnv("DISPLAY", Display, 1) != 0)
        {
            throw new InvalidOperationException("setenv(DISPLAY) failed.");
        }

        Environment.SetEnvironmentVariable("DISPLAY", Display);
    }

    /// <summary>Whether the server still runs, and what it printed (for failure messages).</summary>
    public string Status
    {
        get
        {
            lock (_log)
            {
                return (_process.HasExited ? $"Xvfb exited ({_process.ExitCode})" : "Xvfb running") + ": " + _log;
            }
        }
    }

    /// <summary>The display name, e.g. ":91".</summary>
    public string Display { get; }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
        _ = UnsetEnv("DISPLAY");
        Environment.SetEnvironmentVariable("DISPLAY", null);
    }

    // SIGTERM lets Xvfb remove its lock file and socket; SIGKILL only if it does not go.
    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        _ = Kill(process.Id, 15);
        if (!process.WaitForExit(5000))
        {
            process.Kill();
            process.WaitForExit(5000);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
