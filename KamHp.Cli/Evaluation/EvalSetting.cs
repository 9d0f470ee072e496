using System.Globalization;

namespace KamHp.Cli.Evaluation;

/// <summary>One separator configuration that is scored on every excerpt.</summary>
/// <param name="Method">The separator.</param>
/// <param name="Mode">Offline or streaming.</param>
/// <param name="LatencyMode">Streaming latency mode ("live", "balanced", "studio", "instant"); null offline.</param>
/// <param name="Iterations">Kernel backfitting iterations (1 for NWaves and the mixture, which have none).</param>
/// <param name="Spatial">Spatial model on (false for NWaves and the mixture, which have none).</param>
/// <param name="Parameters">Further separation options given on the command line (a grid point); empty for the defaults.</param>
internal sealed record EvalSetting(EvalMethod Method, EvalMode Mode, string? LatencyMode, int Iterations, bool Spatial, EvalParameters Parameters)
{
    public EvalSetting(EvalMethod method, EvalMode mode, string? latencyMode, int iterations, bool spatial)
        : this(method, mode, latencyMode, iterations, spatial, EvalParameters.Empty)
    {
    }

    /// <summary>
    /// Folder-safe name: <c>kam-offline-spatial-it2</c>, <c>kam-streaming-live-nospatial-it1</c>, <c>nwaves</c>,
    /// <c>cascade-offline-nospatial-it1-fft8192-percussive-hz100</c>.
    /// </summary>
    public string Name => !EvalMethods.IsKamHp(Method)
        ? MethodName
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{MethodName}-{ModeName}{(LatencyMode is null ? string.Empty : "-" + LatencyMode)}-{(Spatial ? "spatial" : "nospatial")}-it{Iterations}{ParameterSuffix('-', string.Empty)}");

    /// <summary>Human label for tables and legends.</summary>
    public string Label => Method switch
    {
        EvalMethod.NWaves => "NWaves HPSS (FitzGerald 2010)",
        EvalMethod.Mixture => "mixture (no separation)",
        _ => string.Create(
            CultureInfo.InvariantCulture,
            $"{(Method == EvalMethod.Cascade ? "cascade" : "KAM")} {ModeName}{(LatencyMode is null ? string.Empty : " " + LatencyMode)}, {Iterations} it, {(Spatial ? "spatial" : "no spatial")}{ParameterSuffix(' ', " ")}"),
    };

    /// <summary>Compact label for console tables: <c>offline sp it2</c>, <c>streaming live nosp it1</c>, <c>nwaves</c>.</summary>
    public string ShortLabel => !EvalMethods.IsKamHp(Method)
        ? MethodName
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{(Method == EvalMethod.Paper ? string.Empty : MethodName + " ")}{ModeName}{(LatencyMode is null ? string.Empty : " " + LatencyMode)} {(Spatial ? "sp" : "nosp")} it{Iterations}{ParameterSuffix(' ', " ")}");

    public string MethodName => EvalMethods.Name(Method);

    public string ModeName => Mode == EvalMode.Streaming ? "streaming" : "offline";

    private string ParameterSuffix(char separator, string valueSeparator) => string.Concat(Parameters.Values.Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{separator}{p.Key}{valueSeparator}{p.Value:0.######}")));
}
