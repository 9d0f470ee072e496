using System.Collections.Frozen;
using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>
/// The one parameter table. Append-only: the order is the order hosts list parameters in, ids are explicit and stable,
/// a released entry is never removed or renumbered (retire it by hiding, not deleting). The snapshot test in
/// KamHp.Tests/Plugin pins every field.
/// </summary>
public static class ParameterTable
{
    /// <summary>Largest latency the read-only <see cref="ParameterId.Latency"/> parameter can show, in samples (2^22).</summary>
    public const double MaxReportedLatencySamples = 4194304.0;

    private const ParameterTraits Structural = ParameterTraits.Automatable | ParameterTraits.Structural;

    /// <summary>All parameters in host display order.</summary>
    public static IReadOnlyList<ParameterDefinition> All { get; } =
    [
        new()
        {
            Id = ParameterId.Balance, Title = "Balance", ShortTitle = "Balance", Units = "%",
            Scale = ParameterScale.Linear, Minimum = -100, Maximum = 100, DefaultValue = 0, Decimals = 0,
            Flags = ParameterTraits.Automatable,
        },
        new()
        {
            Id = ParameterId.HarmonicLevel, Title = "Harmonic level", ShortTitle = "H level", Units = "dB",
            Scale = ParameterScale.Fader, Minimum = double.NegativeInfinity, Maximum = FaderLaw.MaxDb, DefaultValue = 0,
            Decimals = 1, Flags = ParameterTraits.Automatable,
        },
        new()
        {
            Id = ParameterId.PercussiveLevel, Title = "Percussive level", ShortTitle = "P level", Units = "dB",
            Scale = ParameterScale.Fader, Minimum = double.NegativeInfinity, Maximum = FaderLaw.MaxDb, DefaultValue = 0,
            Decimals = 1, Flags = ParameterTraits.Automatable,
        },
        new()
        {
            Id = ParameterId.Output, Title = "Output", ShortTitle = "Output",
            Scale = ParameterScale.Stepped, Minimum = 0, Maximum = 2, DefaultValue = (double)OutputMode.Mix,
            Labels = ["Mix", "Harmonic solo", "Percussive solo"], Flags = ParameterTraits.Automatable | ParameterTraits.List,
        },
        new()
        {
            Id = ParameterId.Iterations, Title = "Iterations", ShortTitle = "Iter",
            Scale = ParameterScale.Stepped, Minimum = 1, Maximum = SeparationDefaults.MaxStreamingIterations, DefaultValue = SeparationDefaults.Iterations,
            Flags = Structural | ParameterTraits.AffectsLatency,
            ApplyToEngine = static (settings, plain) => settings with { Iterations = (int)plain },
        },
        new()
        {
            Id = ParameterId.LatencyMode, Title = "Latency mode", ShortTitle = "Latency",
            Scale = ParameterScale.Stepped, Minimum = 0, Maximum = 3, DefaultValue = (double)SeparationDefaults.DefaultLatencyMode,
            Labels = ["Live", "Balanced", "Studio", "Instant"], Flags = Structural | ParameterTraits.List | ParameterTraits.AffectsLatency,
            ApplyToEngine = static (settings, plain) => settings with { LatencyMode = (LatencyMode)(int)plain },
        },
        new()
        {
            Id = ParameterId.SpatialModel, Title = "Spatial model", ShortTitle = "Spatial",
            Scale = ParameterScale.Stepped, Minimum = 0, Maximum = 1, DefaultValue = 1,
            Labels = ["Off", "On"], Flags = Structural,
            ApplyToEngine = static (settings, plain) => settings with { SpatialModel = plain >= 0.5 },
        },
        new()
        {
            Id = ParameterId.HarmonicKernel, Title = "Harmonic kernel", ShortTitle = "H kernel", Units = "ms",
            Scale = ParameterScale.Logarithmic, Minimum = SeparationDefaults.MinHarmonicKernelSeconds * 1000, Maximum = SeparationDefaults.MaxHarmonicKernelSeconds * 1000,
            DefaultValue = Math.Round(SeparationDefaults.HarmonicKernelSeconds * 1000), Decimals = 0,
            Flags = Structural | ParameterTraits.AffectsLatency,
            ApplyToEngine = static (settings, plain) => settings with { HarmonicKernelSeconds = plain / 1000.0 },
        },
        new()
        {
            Id = ParameterId.PercussiveKernel, Title = "Percussive kernel", ShortTitle = "P kernel", Units = "Hz",
            Scale = ParameterScale.Logarithmic, Minimum = SeparationDefaults.MinPercussiveKernelHz, Maximum = SeparationDefaults.MaxPercussiveKernelHz,
            DefaultValue = Math.Round(SeparationDefaults.PercussiveKernelHz), Decimals = 0,
            Flags = Structural,
            ApplyToEngine = static (settings, plain) => settings with { PercussiveKernelHz = plain },
        },
        new()
        {
            Id = ParameterId.MaskSharpness, Title = "Mask sharpness", ShortTitle = "Sharp",
            Scale = ParameterScale.Logarithmic, Minimum = SeparationDefaults.MinPluginMaskSharpness, Maximum = SeparationDefaults.MaxPluginMaskSharpness,
            DefaultValue = SeparationDefaults.MaskSharpness, Decimals = 2,
            Flags = Structural,
            ApplyToEngine = static (settings, plain) => settings with { MaskSharpness = (float)plain },
        },
        new()
        {
            Id = ParameterId.Bypass, Title = "Bypass", ShortTitle = "Bypass",
            Scale = ParameterScale.Stepped, Minimum = 0, Maximum = 1, DefaultValue = 0,
            Labels = ["Off", "On"], Flags = ParameterTraits.Automatable | ParameterTraits.Bypass,
        },
        new()
        {
            Id = ParameterId.Latency, Title = "Latency", ShortTitle = "Latency", Units = "samples",
            Scale = ParameterScale.Linear, Minimum = 0, Maximum = MaxReportedLatencySamples, DefaultValue = 0, Decimals = 0,
            Flags = ParameterTraits.ReadOnly,
        },
        new()
        {
            // Appended (issue 11): states saved before it load as Paper, so old projects sound as they did.
            Id = ParameterId.Method, Title = "Method", ShortTitle = "Method",
            Scale = ParameterScale.Stepped, Minimum = 0, Maximum = 1, DefaultValue = (double)SeparationMethod.HiRes,
            AbsentFromStateValue = (double)SeparationMethod.Paper,
            Labels = ["Paper", "HiRes"], Flags = Structural | ParameterTraits.List | ParameterTraits.AffectsLatency,
            ApplyToEngine = static (settings, plain) => settings with { Method = plain >= 0.5 ? SeparationMethod.HiRes : SeparationMethod.Paper },
        },
    ];

    private static readonly FrozenDictionary<int, int> s_indexById = BuildIndex();

    /// <summary>Number of parameters.</summary>
    public static int Count => All.Count;

    /// <summary>Position of a parameter in <see cref="All"/>.</summary>
    public static int IndexOf(ParameterId id) =>
        s_indexById.TryGetValue((int)id, out var index) ? index : throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown parameter.");

    /// <summary>Looks up a raw (host) parameter id; false for unknown ids.</summary>
    public static bool TryGetIndex(uint rawId, out int index)
    {
        index = -1;
        return rawId <= int.MaxValue && s_indexById.TryGetValue((int)rawId, out index);
    }

    /// <summary>The definition of a parameter.</summary>
    public static ParameterDefinition Get(ParameterId id) => All[IndexOf(id)];

    private static FrozenDictionary<int, int> BuildIndex()
    {
        var map = new Dictionary<int, int>();
        for (var i = 0; i < All.Count; i++)
        {
            if (!map.TryAdd((int)All[i].Id, i))
            {
                throw new InvalidOperationException($"Parameter id {All[i].Id} is used twice.");
            }

            // Structural means "reaches the engine": such a parameter needs its binding, and only such a parameter has one.
            if (All[i].Has(ParameterTraits.Structural) != (All[i].ApplyToEngine is not null)
                || (All[i].Has(ParameterTraits.AffectsLatency) && !All[i].Has(ParameterTraits.Structural)))
            {
                throw new InvalidOperationException($"Parameter {All[i].Id}: Structural and AffectsLatency need an engine binding, and only they have one.");
            }
        }

        return map.ToFrozenDictionary();
    }
}
