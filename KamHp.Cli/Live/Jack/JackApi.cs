using System.Runtime.InteropServices;

namespace KamHp.Cli.Live.Jack;

/// <summary>
/// The managed side of the calls made outside the audio thread: opening a client with a readable failure, listing and
/// connecting ports, reading port latencies. Shared by the live client and the tests' player and recorder clients.
/// </summary>
internal static unsafe class JackApi
{
    private static int s_quiet;

    /// <summary>
    /// Stops libjack from printing its own diagnostics on standard error (it does for every failed connection attempt);
    /// the caller reports failures in one line instead. Process-wide; the first call wins.
    /// </summary>
    public static void SilenceLibraryMessages()
    {
        if (Interlocked.Exchange(ref s_quiet, 1) == 0)
        {
            JackNative.SetErrorFunction(&IgnoreMessage);
            JackNative.SetInfoFunction(&IgnoreMessage);
        }
    }

    /// <summary>
    /// Opens a client on a running server (never starts one). <paramref name="serverName"/> null means JACK's default
    /// server ($JACK_DEFAULT_SERVER or "default"; PipeWire's libjack ignores it).
    /// </summary>
    /// <exception cref="JackUnavailableException">No libjack, no server, or the server refused the client.</exception>
    public static nint Open(string clientName, string? serverName, bool quiet)
    {
        try
        {
            if (quiet)
            {
                SilenceLibraryMessages();
            }

            var options = JackOptions.NoStartServer | (serverName is null ? JackOptions.None : JackOptions.ServerName);
            var client = JackNative.ClientOpen(clientName, options, out var status, serverName);
            if (client == 0)
            {
                var server = serverName is null ? "the JACK server" : $"the JACK server '{serverName}'";
                throw new JackUnavailableException((status & JackStatus.ServerFailed) != 0 || status == JackStatus.Failure
                    ? $"cannot connect to {server}: is jackd (or PipeWire with pipewire-jack) running?"
                    : $"{server} refused the client '{clientName}' (JACK status 0x{(int)status:x}).");
            }

            return client;
        }
        catch (DllNotFoundException e)
        {
            throw new JackUnavailableException($"{JackNative.Library} not found: install JACK (Debian/Ubuntu: apt install jackd2, or pipewire-jack).", e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new JackUnavailableException($"{JackNative.Library} lacks {e.Message}: a JACK 1.9.x (JACK2) or PipeWire JACK library is needed.", e);
        }
    }

    /// <summary>The client's actual name (JACK may have made it unique, e.g. "kamhp-01").</summary>
    public static string ClientName(nint client) => JackNative.Text(JackNative.GetClientName(client)) ?? "";

    /// <summary>Full name ("client:port") of a registered port.</summary>
    public static string PortName(nint port) => JackNative.Text(JackNative.PortName(port)) ?? "";

    /// <summary>Names of the ports matching the flags (and the name pattern, a regular expression, if given), in JACK's order.</summary>
    public static IReadOnlyList<string> FindPorts(nint client, string? namePattern, string type, JackPortFlags flags)
    {
        var ports = JackNative.GetPorts(client, namePattern, type, flags);
        var names = new List<string>();
        if (ports is null)
        {
            return names;
        }

        try
        {
            for (var p = ports; *p is not null; p++)
            {
                names.Add(JackNative.Text(*p)!);
            }
        }
        finally
        {
            JackNative.Free(ports);
        }

        return names;
    }

    /// <summary>Connects two ports by full name; true on success or when already connected.</summary>
    public static bool Connect(nint client, string source, string destination)
    {
        var result = JackNative.Connect(client, source, destination);
        return result == 0 || result == 17;   // EEXIST: already connected
    }

    /// <summary>The latency range of a port (by full name) in one direction, in frames; (0, 0) for an unknown port.</summary>
    public static (uint Min, uint Max) LatencyRange(nint client, string portName, JackLatencyMode mode)
    {
        var port = JackNative.PortByName(client, portName);
        if (port == 0)
        {
            return (0, 0);
        }

        JackLatencyRange range;
        JackNative.PortGetLatencyRange(port, mode, &range);
        return (range.Min, range.Max);
    }

    [UnmanagedCallersOnly]
    private static void IgnoreMessage(byte* message)
    {
    }
}
