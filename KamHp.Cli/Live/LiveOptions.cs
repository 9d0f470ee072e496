using System.CommandLine;
using System.Globalization;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;

namespace KamHp.Cli.Live;

/// <summary>
/// The options of <c>kamhp live</c>. Every plugin parameter is an option named after its title
/// (<c>--balance</c>, <c>--harmonic-level</c>, <c>--latency-mode</c>, <c>--iterations</c>, ...), generated from the
/// plugin's <see cref="ParameterTable"/> so a parameter added there is available here at once, with the same range,
/// labels and text parsing as the plugin's own value entry. Defaults are the plugin's, except the latency mode
/// (<see cref="DefaultLatencyMode"/>).
/// </summary>
internal sealed class LiveOptions
{
    /// <summary>The latency mode <c>kamhp live</c> starts in when none is given: the lowest-latency mode (issue 12 part 1).</summary>
    public const string DefaultLatencyMode = "Instant";

    private readonly List<(ParameterDefinition Definition, Option<string> Option)> _parameters = [];

    public LiveOptions()
    {
        foreach (var definition in ParameterTable.All)
        {
            if (!definition.Has(ParameterTraits.ReadOnly))
            {
                _parameters.Add((definition, new Option<string>(OptionName(definition))
                {
                    Description = Describe(definition),
                    HelpName = HelpName(definition),
                }));
            }
        }
    }

    public Option<string> Name { get; } = new("--name")
    {
        Description = "JACK client name (JACK appends a number if it is taken).",
        HelpName = "NAME",
        DefaultValueFactory = _ => "kamhp",
    };

    public Option<string?> Server { get; } = new("--server")
    {
        Description = "JACK server name (default: $JACK_DEFAULT_SERVER or the default server).",
        HelpName = "NAME",
    };

    public Option<bool> Connect { get; } = new("--connect")
    {
        Description = "Connect the first two system capture ports to in_L/in_R and out_L/out_R to the first two system playback ports.",
    };

    public Option<string> BalanceCc { get; } = Controller("--balance-cc", "Controller that moves the balance: 0 = percussive only, 64 = centre, 127 = harmonic only", new MidiMapping().BalanceController);

    public Option<string> HarmonicLevelCc { get; } = Controller("--harmonic-level-cc", "Controller of the harmonic level: 0 = silence, 100 = 0 dB, 127 = +12 dB", new MidiMapping().HarmonicLevelController);

    public Option<string> PercussiveLevelCc { get; } = Controller("--percussive-level-cc", "Controller of the percussive level (as --harmonic-level-cc)", new MidiMapping().PercussiveLevelController);

    public Option<string> BypassCc { get; } = Controller("--bypass-cc", "Controller that toggles bypass when it rises through 64 (a button press)", new MidiMapping().BypassController);

    public Option<string> BypassNote { get; } = Controller("--bypass-note", "Note that toggles bypass on each note-on", MidiMapping.None);

    public Option<int?> MidiChannel { get; } = new("--midi-channel")
    {
        Description = "Listen to MIDI channel 1..16 only (default: all channels).",
        HelpName = "1..16",
    };

    public Option<bool> Learn { get; } = new("--learn")
    {
        Description = "MIDI learn: the next controller that moves (sends two different values) becomes the balance controller.",
    };

    public Option<double> StatusSeconds { get; } = new("--status-seconds")
    {
        Description = "When not on a terminal: seconds between status lines (0.5..3600).",
        HelpName = "S",
        DefaultValueFactory = _ => 5,
    };

    public Option<bool> Gui { get; } = new("--gui")
    {
        Description = "Show the plugin's editor (knob, faders, meters, separation picture) in a window on the X display (DISPLAY) instead of the terminal view.",
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Let libjack print its own messages on standard error.",
    };

    public IEnumerable<Option> All =>
        _parameters.Select(p => (Option)p.Option).Concat(
        [
            Name, Server, Connect, BalanceCc, HarmonicLevelCc, PercussiveLevelCc, BypassCc, BypassNote, MidiChannel, Learn,
            StatusSeconds, Gui, Verbose,
        ]);

    /// <summary>The option name of a parameter: its title in lower case, words joined by '-'.</summary>
    public static string OptionName(ParameterDefinition definition) =>
        "--" + string.Join('-', definition.Title.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Reads and checks the options; null and one message per problem in <paramref name="errors"/> when invalid.</summary>
    public LiveSettings? Read(ParseResult parseResult, List<string> errors)
    {
        var values = new double[ParameterTable.Count];
        PluginState.Default.CopyTo(values);
        var latencyMode = ParameterTable.IndexOf(ParameterId.LatencyMode);
        if (ParameterTable.All[latencyMode].TryParse(DefaultLatencyMode, out var mode))
        {
            values[latencyMode] = mode;
        }

        foreach (var (definition, option) in _parameters)
        {
            var text = parseResult.GetValue(option);
            if (text is null)
            {
                continue;
            }

            // List values are shown with '-' for spaces ("harmonic-solo"); the table's labels have spaces.
            if (definition.TryParse(text, out var normalized)
                || (definition.Labels.Count > 0 && definition.TryParse(text.Replace('-', ' '), out normalized)))
            {
                values[ParameterTable.IndexOf(definition.Id)] = normalized;
            }
            else
            {
                errors.Add($"{option.Name} {text}: expected {HelpName(definition)}.");
            }
        }

        var mapping = new MidiMapping
        {
            BalanceController = ReadController(parseResult, BalanceCc, errors),
            HarmonicLevelController = ReadController(parseResult, HarmonicLevelCc, errors),
            PercussiveLevelController = ReadController(parseResult, PercussiveLevelCc, errors),
            BypassController = ReadController(parseResult, BypassCc, errors),
            BypassNote = ReadController(parseResult, BypassNote, errors),
            Channel = parseResult.GetValue(MidiChannel) ?? MidiMapping.Omni,
        };
        if (mapping.Channel is < 0 or > 16 || parseResult.GetValue(MidiChannel) == 0)
        {
            errors.Add("--midi-channel: must be 1..16.");
        }

        var status = parseResult.GetValue(StatusSeconds);
        if (!double.IsFinite(status) || status is < 0.5 or > 3600)
        {
            errors.Add("--status-seconds: must be 0.5..3600.");
        }

        var name = parseResult.GetValue(Name) ?? "kamhp";
        if (name.Length is 0 or > 64)
        {
            errors.Add("--name: 1..64 characters.");
        }

        return errors.Count > 0 ? null : new LiveSettings
        {
            ClientName = name,
            ServerName = parseResult.GetValue(Server),
            Connect = parseResult.GetValue(Connect),
            Learn = parseResult.GetValue(Learn),
            Gui = parseResult.GetValue(Gui),
            Verbose = parseResult.GetValue(Verbose),
            StatusSeconds = status,
            Mapping = mapping,
            State = new PluginState(values),
        };
    }

    private static Option<string> Controller(string name, string description, int defaultNumber) => new(name)
    {
        Description = $"{description}; 0..127 or none.",
        HelpName = "N|none",
        DefaultValueFactory = _ => defaultNumber == MidiMapping.None ? "none" : defaultNumber.ToString(CultureInfo.InvariantCulture),
    };

    private static int ReadController(ParseResult parseResult, Option<string> option, List<string> errors)
    {
        var text = parseResult.GetValue(option);
        if (MidiMapping.TryParseNumber(text, out var number))
        {
            return number;
        }

        errors.Add($"{option.Name} {text}: expected 0..127 or none.");
        return MidiMapping.None;
    }

    private static string HelpName(ParameterDefinition definition) => definition.Labels.Count > 0
        ? string.Join('|', definition.Labels.Select(l => l.ToLowerInvariant().Replace(' ', '-')))
        : string.Create(CultureInfo.InvariantCulture, $"{Bound(definition, definition.Minimum)}..{Bound(definition, definition.Maximum)}");

    private static string Bound(ParameterDefinition definition, double value) =>
        double.IsNegativeInfinity(value) ? "-inf" : value.ToString("0.##", CultureInfo.InvariantCulture) + (definition.Units is "" or "samples" ? "" : definition.Units);

    private static string Describe(ParameterDefinition definition)
    {
        var isLatencyMode = definition.Id == ParameterId.LatencyMode;
        var defaultText = isLatencyMode ? DefaultLatencyMode.ToLowerInvariant() : definition.Format(definition.DefaultNormalized) + (definition.Units.Length > 0 ? " " + definition.Units : "");
        return $"{definition.Title} (plugin parameter; default {defaultText}{(isLatencyMode ? ", the plugin's is " + definition.Format(definition.DefaultNormalized).ToLowerInvariant() : "")}).";
    }
}
