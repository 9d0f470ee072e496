using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;
using KamHp.Cli;
using KamHp.Cli.Live;
using KamHp.Tests.Cli.Live.Jack;

namespace KamHp.Tests.Cli.Live;

/// <summary><c>kamhp live</c>'s command line: every plugin parameter, the plugin's defaults, one-line errors.</summary>
public sealed class LiveOptionsTests
{
    [Fact]
    public void Help_OffersAnOptionForEveryPluginParameter()
    {
        var run = CliRunner.Run("live", "--help");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var definition in ParameterTable.All.Where(d => !d.Has(ParameterTraits.ReadOnly)))
        {
            Assert.Contains(LiveOptions.OptionName(definition) + " ", run.Output, StringComparison.Ordinal);
        }

        foreach (var option in new[] { "--name", "--server", "--connect", "--balance-cc", "--midi-channel", "--learn", "--bypass-note" })
        {
            Assert.Contains(option + " ", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_AreThePlugins_ExceptTheLatencyMode()
    {
        var settings = LiveSessionRecording.DefaultSettings();
        foreach (var definition in ParameterTable.All.Where(d => !d.Has(ParameterTraits.ReadOnly)))
        {
            var expected = definition.Id == ParameterId.LatencyMode
                ? ParameterTable.Get(ParameterId.LatencyMode).Labels.ToList().FindIndex(l => l.Equals(LiveOptions.DefaultLatencyMode, StringComparison.OrdinalIgnoreCase))
                : definition.DefaultValue;
            Assert.Equal(expected, settings.State.GetPlain(definition.Id));
        }

        Assert.Equal("kamhp", settings.ClientName);
        Assert.Equal(new MidiMapping(), settings.Mapping);
        Assert.False(settings.Connect);
    }

    [Fact]
    public void ParameterOptions_TakeLabelsNumbersAndUnits_AsThePluginsTextEntry()
    {
        var settings = Parse("--balance", "-30", "--output", "harmonic-solo", "--spatial-model", "off", "--harmonic-level", "-6 dB",
            "--latency-mode", "Balanced", "--iterations", "3", "--percussive-kernel", "250Hz", "--bypass", "on",
            "--balance-cc", "7", "--bypass-cc", "none", "--bypass-note", "60", "--midi-channel", "10", "--name", "deck-a");
        var state = settings.State;
        Assert.Equal(-30, state.GetPlain(ParameterId.Balance), 9);
        Assert.Equal((double)OutputMode.HarmonicSolo, state.GetPlain(ParameterId.Output));
        Assert.Equal(0, state.GetPlain(ParameterId.SpatialModel));
        Assert.Equal(-6, state.GetPlain(ParameterId.HarmonicLevel), 9);
        Assert.Equal((double)KamHp.Dsp.LatencyMode.Balanced, state.GetPlain(ParameterId.LatencyMode));
        Assert.Equal(3, state.GetPlain(ParameterId.Iterations));
        Assert.Equal(250, state.GetPlain(ParameterId.PercussiveKernel), 6);
        Assert.Equal(1, state.GetPlain(ParameterId.Bypass));
        Assert.Equal(new MidiMapping { BalanceController = 7, BypassController = MidiMapping.None, BypassNote = 60, Channel = 10 }, settings.Mapping);
        Assert.Equal("deck-a", settings.ClientName);
    }

    [Theory]
    [InlineData("--latency-mode", "fast")]
    [InlineData("--iterations", "many")]
    [InlineData("--balance-cc", "128")]
    [InlineData("--midi-channel", "17")]
    [InlineData("--midi-channel", "0")]
    [InlineData("--status-seconds", "0")]
    public void BadValue_ExitsWithUsage_InOneLine_WithoutTouchingJack(string option, string value)
    {
        var run = CliRunner.Run("live", option, value, "--server", "kamhp-test-never-started");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void NoServer_ExitsWithTheAudioServerCode_InOneLine()
    {
        var run = CliRunner.Run("live", "--server", $"kamhp-test-absent-{Guid.NewGuid():N}");
        Assert.Equal(ExitCodes.AudioServer, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("kamhp live: cannot connect to the JACK server", line, StringComparison.Ordinal);
    }

    private static LiveSettings Parse(params string[] args)
    {
        var settings = LiveCommandLine.Parse(args);
        Assert.NotSame(PluginState.Default, settings.State);
        return settings;
    }
}
