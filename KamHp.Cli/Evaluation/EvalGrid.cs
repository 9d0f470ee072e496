using System.Globalization;
using KamHp.Dsp;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Spectral;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The settings grid of <c>kamhp eval</c>: every combination of the given methods, modes, latency modes, iteration
/// counts, spatial settings and separation options (each option a comma-separated list of values). Options a method
/// or mode does not have are refused, never silently ignored.
/// </summary>
internal static class EvalGrid
{
    /// <summary>A separation option that takes a list of values.</summary>
    /// <param name="Name">Option name without the dashes; also the key in <see cref="EvalParameters"/>.</param>
    /// <param name="Description">Help text.</param>
    /// <param name="WholeNumber">Integer values only.</param>
    /// <param name="Paper">Which modes of the paper method take it.</param>
    /// <param name="Cascade">Whether the cascade (offline) takes it.</param>
    internal sealed record GridOption(string Name, string Description, bool WholeNumber, PaperModes Paper, bool Cascade);

    [Flags]
    internal enum PaperModes
    {
        None = 0,
        Offline = 1,
        Streaming = 2,
        Both = Offline | Streaming,
    }

    private static readonly string[] s_latencyModes = ["live", "balanced", "studio", "instant"];

    /// <summary>The separation options, as <c>kamhp separate</c> names them, plus the cascade's own.</summary>
    public static IReadOnlyList<GridOption> Options { get; } =
    [
        new("fft", "FFT size in samples (cascade: of the percussive pass).", true, PaperModes.Offline, true),
        new("hop", "Hop in samples: FFT size / 2, / 4 or / 8 (cascade: of the percussive pass).", true, PaperModes.Offline, true),
        new("harmonic-frames", "Harmonic kernel length in frames (odd).", true, PaperModes.Both, false),
        new("harmonic-seconds", "Harmonic kernel length in seconds.", false, PaperModes.Both, true),
        new("percussive-bins", "Percussive kernel width in bins (odd).", true, PaperModes.Both, false),
        new("percussive-hz", "Percussive kernel width in Hz.", false, PaperModes.Both, true),
        new("mask-sharpness", "Exponent on the source powers of the output masks (1: Wiener).", false, PaperModes.Streaming, true),
        new("spatial-seconds", "Time constant of the engine's running spatial covariances, seconds.", false, PaperModes.Streaming, false),
        new("harmonic-fft", "Cascade: FFT size of the harmonic pass in samples.", true, PaperModes.None, true),
        new("harmonic-hop", "Cascade: hop of the harmonic pass in samples.", true, PaperModes.None, true),
        new("harmonic-margin", "Cascade: margin (>= 1) of the harmonic pass.", false, PaperModes.None, true),
        new("percussive-margin", "Cascade: margin (>= 1) of the percussive pass.", false, PaperModes.None, true),
        new("passes", "Cascade: 1 (harmonic pass only) or 2.", true, PaperModes.None, true),
        new("per-channel", "Cascade: 1 for masks per channel, 0 for masks shared by the channels.", true, PaperModes.None, true),
    ];

    /// <summary>Builds the settings; throws <see cref="FormatException"/> with a message naming the option.</summary>
    /// <param name="methods">Comma-separated method names.</param>
    /// <param name="modes">Comma-separated modes.</param>
    /// <param name="latencyModes">Comma-separated latency modes, or null for all three.</param>
    /// <param name="iterations">Iteration counts and ranges.</param>
    /// <param name="spatial">on, off or both.</param>
    /// <param name="values">Option name to its raw comma-separated values, for the options given.</param>
    public static IReadOnlyList<EvalSetting> Parse(
        string methods, string modes, string? latencyModes, string iterations, string spatial, IReadOnlyDictionary<string, string> values)
    {
        EvalMethod[] methodList = [.. Split(methods, "--method").Select(m => EvalMethods.Parse(m)
            ?? throw new FormatException($"--method: '{m}' is not paper (kam), hires, cascade, nwaves or mix")).Distinct()];
        EvalMode[] modeList = [.. Split(modes, "--mode").Select(m => m switch
        {
            "offline" => EvalMode.Offline,
            "streaming" => EvalMode.Streaming,
            _ => throw new FormatException($"--mode: '{m}' is not offline or streaming"),
        }).Distinct()];

        string[] latencyList = latencyModes is null ? s_latencyModes : [.. Split(latencyModes, "--latency-mode").Distinct()];
        foreach (string l in latencyList)
        {
            if (!s_latencyModes.Contains(l))
            {
                throw new FormatException($"--latency-mode: '{l}' is not live, balanced, studio or instant");
            }
        }

        if (latencyModes is not null && !modeList.Contains(EvalMode.Streaming))
        {
            throw new FormatException("--latency-mode applies to --mode streaming only");
        }

        bool[] spatialList = spatial switch
        {
            "on" => [true],
            "off" => [false],
            "both" => [true, false],
            _ => throw new FormatException($"--spatial: '{spatial}' is not on, off or both"),
        };

        int[] iterationList = ParseIterations(iterations);
        List<EvalParameters> points = GridPoints(values);
        var settings = new List<EvalSetting>();
        foreach (EvalMethod method in methodList.Where(EvalMethods.IsKamHp))
        {
            foreach (EvalMode mode in modeList)
            {
                CheckOptions(method, mode, values.Keys);
                if (method is EvalMethod.Paper or EvalMethod.HiRes && mode == EvalMode.Streaming && iterationList[^1] > EngineSettings.MaxIterations)
                {
                    throw new FormatException($"--iterations {iterationList[^1]}: the streaming engine runs at most {EngineSettings.MaxIterations}");
                }

                if (method == EvalMethod.Cascade && mode == EvalMode.Streaming)
                {
                    throw new FormatException($"--method {EvalMethods.Name(method)}: offline only (a research method the streaming engine does not run)");
                }

                if (method == EvalMethod.Cascade && iterationList[^1] > 10)
                {
                    throw new FormatException($"--iterations {iterationList[^1]}: the cascade runs at most 10 per pass");
                }

                bool[] spatialFor = method == EvalMethod.Paper ? spatialList : [false];
                string?[] latencyFor = mode == EvalMode.Streaming ? [.. latencyList] : [null];
                foreach (EvalParameters point in points)
                {
                    foreach (bool sp in spatialFor)
                    {
                        foreach (string? latency in latencyFor)
                        {
                            foreach (int n in iterationList)
                            {
                                settings.Add(new EvalSetting(method, mode, latency, n, sp, point));
                            }
                        }
                    }
                }
            }
        }

        if (methodList.Any(m => !EvalMethods.IsKamHp(m)) && values.Count > 0 && !methodList.Any(EvalMethods.IsKamHp))
        {
            throw new FormatException($"--{values.Keys.First()}: applies to the paper and cascade methods only");
        }

        if (methodList.Contains(EvalMethod.NWaves))
        {
            settings.Add(new EvalSetting(EvalMethod.NWaves, EvalMode.Offline, null, 1, false));
        }

        if (methodList.Contains(EvalMethod.Mixture))
        {
            settings.Add(new EvalSetting(EvalMethod.Mixture, EvalMode.Offline, null, 1, false));
        }

        return settings;
    }

    private static void CheckOptions(EvalMethod method, EvalMode mode, IEnumerable<string> given)
    {
        foreach (string name in given)
        {
            GridOption option = Options.Single(o => o.Name == name);
            bool supported = method switch
            {
                EvalMethod.Cascade => option.Cascade && mode == EvalMode.Offline,
                _ => option.Paper.HasFlag(mode == EvalMode.Offline ? PaperModes.Offline : PaperModes.Streaming),
            };
            if (!supported)
            {
                string methodName = EvalMethods.Name(method) is "kam" ? "paper" : EvalMethods.Name(method);
                throw new FormatException($"--{name}: not an option of the {methodName} method in {(mode == EvalMode.Offline ? "offline" : "streaming")} mode");
            }
        }

        foreach ((string a, string b) in new[] { ("harmonic-frames", "harmonic-seconds"), ("percussive-bins", "percussive-hz") })
        {
            if (given.Contains(a) && given.Contains(b))
            {
                throw new FormatException($"--{a} and --{b} cannot be used together");
            }
        }
    }

    /// <summary>The Cartesian product of the option value lists (one empty point when no option is given).</summary>
    private static List<EvalParameters> GridPoints(IReadOnlyDictionary<string, string> values)
    {
        var points = new List<List<KeyValuePair<string, double>>> { new() };
        foreach (GridOption option in Options)
        {
            if (!values.TryGetValue(option.Name, out string? raw))
            {
                continue;
            }

            double[] list = [.. Split(raw, "--" + option.Name).Select(text => ParseValue(option, text)).Distinct()];
            points = [.. points.SelectMany(p => list.Select(v => new List<KeyValuePair<string, double>>(p) { new(option.Name, v) }))];
        }

        return [.. points.Select(p => new EvalParameters(p))];
    }

    private static double ParseValue(GridOption option, string text)
    {
        if (option.WholeNumber)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int whole))
            {
                throw new FormatException($"--{option.Name}: '{text}' is not a whole number");
            }

            if (option.Name is "fft" or "harmonic-fft" && (!int.IsPow2(whole) || whole < StftSettings.MinFftSize || whole > StftSettings.MaxFftSize))
            {
                throw new FormatException($"--{option.Name} {whole}: must be a power of two from {StftSettings.MinFftSize} to {StftSettings.MaxFftSize}");
            }

            return whole;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"--{option.Name}: '{text}' is not a number");
    }

    private static int[] ParseIterations(string text)
    {
        var counts = new SortedSet<int>();
        foreach (string part in Split(text, "--iterations"))
        {
            string[] range = part.Split('-');
            if (range.Length > 2
                || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from)
                || !int.TryParse(range[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int to)
                || from < 1 || to > KamSettings.MaxIterations || from > to)
            {
                throw new FormatException($"--iterations: '{part}' is not a count or range within 1..{KamSettings.MaxIterations}");
            }

            for (int n = from; n <= to; n++)
            {
                counts.Add(n);
            }
        }

        return [.. counts];
    }

    private static string[] Split(string text, string option)
    {
        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 ? parts : throw new FormatException($"{option}: no value");
    }
}
