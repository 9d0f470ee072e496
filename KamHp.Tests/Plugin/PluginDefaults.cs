using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Tests.Plugin;

/// <summary>What a new plugin instance runs, for tests that compute the latency a host should see.</summary>
internal static class PluginDefaults
{
    /// <summary>
    /// The engine settings of every parameter at its table default: the engine's defaults (the paper's kernels,
    /// Studio, 2 iterations) with the hires method, the plugin's default since issue 11.
    /// </summary>
    public static EngineSettings Engine { get; } = new() { Method = SeparationMethod.HiRes };
}
