using System.Globalization;

namespace KamHp.Cli.Evaluation;

/// <summary>One separator configuration that is scored on every excerpt.</summary>
/// <param name="Method">The separator.</param>
/// <param name="Mode">Offline or streaming.</param>
/// <param name="LatencyMode">Streaming latency mode ("live", "balanced", "studio"); null offline.</param>
/// <param name="Iterations">Kernel backfitting iterations (1 for NWaves and the mixture, which have none).</param>
/// <param name="Spatial">Spatial model on (false for NWaves and the mixture, which have none).</param>
internal sealed record EvalSetting(EvalMethod Method, EvalMode Mode, string? LatencyMode, int Iterations, bool Spatial)
{
    /// <summary>Folder-safe name: <c>kam-offline-spatial-it2</c>, <c>kam-streaming-live-nospatial-it1</c>, <c>nwaves</c>.</summary>
    public string Name => Method != EvalMethod.Kam
        ? MethodName
        : string.Create(
            CultureInfo.InvariantCulture,
            $"kam-{ModeName}{(LatencyMode is null ? string.Empty : "-" + LatencyMode)}-{(Spatial ? "spatial" : "nospatial")}-it{Iterations}");

    /// <summary>Human label for tables and legends.</summary>
    public string Label => Method switch
    {
        EvalMethod.NWaves => "NWaves HPSS (FitzGerald 2010)",
        EvalMethod.Mixture => "mixture (no separation)",
        _ => string.Create(
            CultureInfo.InvariantCulture,
            $"KAM {ModeName}{(LatencyMode is null ? string.Empty : " " + LatencyMode)}, {Iterations} it, {(Spatial ? "spatial" : "no spatial")}"),
    };

    /// <summary>Compact label for console tables: <c>offline sp it2</c>, <c>streaming live nosp it1</c>, <c>nwaves</c>.</summary>
    public string ShortLabel => Method != EvalMethod.Kam
        ? MethodName
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{ModeName}{(LatencyMode is null ? string.Empty : " " + LatencyMode)} {(Spatial ? "sp" : "nosp")} it{Iterations}");

    public string MethodName => Method switch
    {
        EvalMethod.NWaves => "nwaves",
        EvalMethod.Mixture => "mix",
        _ => "kam",
    };

    public string ModeName => Mode == EvalMode.Streaming ? "streaming" : "offline";
}
