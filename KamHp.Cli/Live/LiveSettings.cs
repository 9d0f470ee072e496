using AudioPlugSharp.KamHp.State;

namespace KamHp.Cli.Live;

/// <summary>What <c>kamhp live</c> was asked to do (the parsed command line).</summary>
internal sealed record LiveSettings
{
    /// <summary>JACK client name.</summary>
    public string ClientName { get; init; } = "kamhp";

    /// <summary>JACK server name, or null for the default server.</summary>
    public string? ServerName { get; init; }

    /// <summary>Connect to the system capture and playback ports.</summary>
    public bool Connect { get; init; }

    /// <summary>Learn the balance controller from the next one that moves.</summary>
    public bool Learn { get; init; }

    /// <summary>Show the plugin's editor in a window (<c>--gui</c>, see <see cref="LiveGui"/>).</summary>
    public bool Gui { get; init; }

    /// <summary>Keep libjack's own messages.</summary>
    public bool Verbose { get; init; }

    /// <summary>Seconds between status lines when not on a terminal.</summary>
    public double StatusSeconds { get; init; } = 5;

    /// <summary>MIDI assignment.</summary>
    public MidiMapping Mapping { get; init; } = new();

    /// <summary>Starting values of every plugin parameter.</summary>
    public PluginState State { get; init; } = PluginState.Default;
}
