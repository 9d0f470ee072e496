using System.Globalization;
using AudioPlugSharp.KamHp.Parameters;
using KamHp.Cli.Live.Jack;

namespace KamHp.Cli.Live;

/// <summary>
/// Runs <c>kamhp live</c> until the stop token fires (SIGINT/SIGTERM) or the JACK server goes away: opens and
/// activates the client, optionally connects it, then shows the editor window (<c>--gui</c>, <see cref="LiveGui"/>),
/// or draws the one-screen view and reads the arrow keys (<see cref="LiveTerminal"/>), or prints a status line every
/// few seconds. On the way out it deactivates and closes the
/// client.
/// </summary>
internal static class LiveRunner
{
    /// <summary>Balance steps of the arrow keys, in percent.</summary>
    public const double CoarseStepPercent = 5, FineStepPercent = 1;

    private static readonly int s_balance = ParameterTable.IndexOf(ParameterId.Balance);
    private static readonly int s_bypass = ParameterTable.IndexOf(ParameterId.Bypass);

    /// <summary>Runs; returns the exit code.</summary>
    public static int Run(LiveSettings settings, TextWriter output, TextWriter error, bool onTerminal, CancellationToken stop)
    {
        var live = new LiveProcessor(settings.State, settings.Mapping, settings.Learn);

        // --gui: the window first, so that a missing display fails before anything is connected.
        string? failure = null;
        using var gui = settings.Gui ? LiveGui.Open(live, "KamHp live: " + settings.ClientName, null, out failure) : null;
        if (settings.Gui && gui is null)
        {
            error.WriteLine("kamhp live: --gui: " + failure);
            return ExitCodes.Usage;
        }

        LiveClient client;
        try
        {
            client = LiveClient.Open(live, settings.ClientName, settings.ServerName, quiet: !settings.Verbose);
        }
        catch (JackUnavailableException e)
        {
            error.WriteLine("kamhp live: " + e.Message);
            return ExitCodes.AudioServer;
        }

        using (client)
        {
            try
            {
                client.Activate();
            }
            catch (JackUnavailableException e)
            {
                error.WriteLine("kamhp live: " + e.Message);
                return ExitCodes.AudioServer;
            }

            var connections = settings.Connect ? client.ConnectToSystem() : [];
            if (settings.Connect && connections.Count == 0)
            {
                error.WriteLine("kamhp live: --connect: no system capture or playback ports found.");
            }

            if (gui is not null)
            {
                gui.Run(client, stop);
            }
            else if (onTerminal)
            {
                LiveTerminal.Run(client, live, stop);
            }
            else
            {
                RunLogging(client, live, settings, connections, output, stop);
            }

            if (client.IsShutDown)
            {
                error.WriteLine("kamhp live: the JACK server shut down.");
                return ExitCodes.AudioServer;
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>Moves the balance by <paramref name="deltaPercent"/> from its current value (display thread).</summary>
    public static void NudgeBalance(LiveProcessor live, double deltaPercent)
    {
        var definition = ParameterTable.All[s_balance];
        var current = definition.ToPlain(live.Requests.PendingOr(s_balance, live.GetNormalized(ParameterId.Balance)));
        var target = Math.Clamp(Math.Round(current + deltaPercent), -100, 100);
        live.Requests.Post(s_balance, definition.ToNormalized(target));
    }

    /// <summary>Sets the balance to the centre (display thread).</summary>
    public static void CentreBalance(LiveProcessor live) => live.Requests.Post(s_balance, ParameterTable.All[s_balance].ToNormalized(0));

    /// <summary>Toggles bypass (display thread).</summary>
    public static void ToggleBypass(LiveProcessor live) =>
        live.Requests.Post(s_bypass, live.Requests.PendingOr(s_bypass, live.GetNormalized(ParameterId.Bypass)) >= 0.5 ? 0 : 1);

    private static void RunLogging(LiveClient client, LiveProcessor live, LiveSettings settings, IReadOnlyList<string> connections, TextWriter output, CancellationToken stop)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kamhp live: client '{client.Name}' active, {client.SampleRateHz:0} Hz, period {client.PeriodFrames}, latency {live.LatencySamples} samples ({1000.0 * live.LatencySamples / client.SampleRateHz:0.0} ms); MIDI {settings.Mapping.Describe()}"));
        foreach (var connection in connections)
        {
            output.WriteLine("kamhp live: connected " + connection);
        }

        if (settings.Learn)
        {
            output.WriteLine("kamhp live: learn: move the controller that should set the balance.");
        }

        output.Flush();
        var learning = settings.Learn;
        var latency = live.LatencySamples;
        var interval = TimeSpan.FromSeconds(settings.StatusSeconds);
        var next = DateTime.UtcNow + interval;
        while (!stop.IsCancellationRequested && !client.IsShutDown)
        {
            stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
            if (learning && !live.Midi.IsLearning)
            {
                learning = false;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"kamhp live: learned: CC {live.Midi.BalanceController} moves the balance (next time: --balance-cc {live.Midi.BalanceController})."));
                output.Flush();
            }

            if (live.LatencySamples != latency)
            {
                latency = live.LatencySamples;
                client.RecomputeLatencies();
            }

            if (DateTime.UtcNow >= next)
            {
                next += interval;
                output.WriteLine(LiveView.StatusLine(LiveStatus.Capture(client, live)));
                output.Flush();
            }
        }
    }
}
