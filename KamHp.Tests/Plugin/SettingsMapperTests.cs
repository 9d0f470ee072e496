using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Tests.Plugin;

public sealed class SettingsMapperTests
{
    [Fact]
    public void DefaultValues_MapToTheEngineDefaults_WithTheTablesRoundedKernels()
    {
        Span<double> values = stackalloc double[ParameterTable.Count];
        PluginState.Default.CopyTo(values);
        var settings = SettingsMapper.Map(values);

        // The table shows the paper's kernels rounded to whole units (395 ms, 183 Hz); log-scale round trips are within ulps.
        Assert.Equal(0.395, settings.HarmonicKernelSeconds, 1e-12);
        Assert.Equal(183, settings.PercussiveKernelHz, 1e-9);
        // The engine's defaults are the paper's; a new plugin instance runs the hires method (issue 11).
        Assert.Equal(new EngineSettings { Method = SeparationMethod.HiRes }, settings with
        {
            HarmonicKernelSeconds = new EngineSettings().HarmonicKernelSeconds,
            PercussiveKernelHz = new EngineSettings().PercussiveKernelHz,
        });
    }

    [Fact]
    public void EveryStructuralParameter_MovesTheEngineSettings_AndNoOtherParameterDoes()
    {
        var defaults = new double[ParameterTable.Count];
        PluginState.Default.CopyTo(defaults);
        var reference = SettingsMapper.Map(defaults);
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            var values = (double[])defaults.Clone();
            values[i] = defaults[i] < 0.5 ? 1.0 : 0.0;
            var moved = SettingsMapper.Map(values) != reference;
            Assert.True(moved == ParameterTable.All[i].Has(ParameterTraits.Structural), ParameterTable.All[i].Id.ToString());
        }
    }

    [Fact]
    public void LatencyAffectingList_IsTheTablesFlag_AndEachOfThemCanChangeTheLatency()
    {
        var flagged = Enumerable.Range(0, ParameterTable.Count).Where(i => ParameterTable.All[i].Has(ParameterTraits.AffectsLatency)).ToArray();
        Assert.Equal(flagged, SettingsMapper.LatencyAffecting.ToArray());

        // In Studio every latency-affecting parameter moves the latency between its ends.
        var values = new double[ParameterTable.Count];
        PluginState.Default.CopyTo(values);
        foreach (var i in flagged)
        {
            var low = (double[])values.Clone();
            var high = (double[])values.Clone();
            low[i] = 0;
            high[i] = 1;
            Assert.NotEqual(
                KamHpEngine.ComputeLatencySamples(48000, SettingsMapper.Map(low)),
                KamHpEngine.ComputeLatencySamples(48000, SettingsMapper.Map(high)));
        }
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(96000)]
    public void MaxLatency_BoundsTheLatencyOfRandomValues_AndIsReached(double sampleRateHz)
    {
        var max = SettingsMapper.MaxLatencySamples(sampleRateHz);
        var random = new Random(15);
        var values = new double[ParameterTable.Count];
        for (var trial = 0; trial < 500; trial++)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextDouble();
            }

            Assert.True(KamHpEngine.ComputeLatencySamples(sampleRateHz, SettingsMapper.Map(values)) <= max);
        }

        var longest = new double[ParameterTable.Count];
        new PluginState(values).WithPlain(ParameterId.Iterations, 10).WithPlain(ParameterId.LatencyMode, (double)LatencyMode.Studio)
            .WithPlain(ParameterId.HarmonicKernel, 1000).CopyTo(longest);
        Assert.Equal(max, KamHpEngine.ComputeLatencySamples(sampleRateHz, SettingsMapper.Map(longest)));
    }

    [Fact]
    public void HeldLatencyValues_ReplaceOnlyTheLatencyAffectingParameters()
    {
        var values = new double[ParameterTable.Count];
        var held = new double[ParameterTable.Count];
        PluginState.Default.CopyTo(values);
        PluginState.Default.CopyTo(held);
        values[ParameterTable.IndexOf(ParameterId.HarmonicKernel)] = 1;
        values[ParameterTable.IndexOf(ParameterId.PercussiveKernel)] = 1;
        var settings = SettingsMapper.Map(values, held);
        Assert.Equal(0.395, settings.HarmonicKernelSeconds, 1e-12);
        Assert.Equal(500, settings.PercussiveKernelHz, 1e-9);
    }
}
