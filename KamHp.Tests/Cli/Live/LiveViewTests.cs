using KamHp.Cli.Live;

namespace KamHp.Tests.Cli.Live;

public sealed class LiveViewTests
{
    [Theory]
    [InlineData(-100, 1)]
    [InlineData(0, 21)]
    [InlineData(50, 31)]
    [InlineData(100, 41)]
    public void BalanceBar_PutsTheMarkerWhereTheBalanceIs(double percent, int index)
    {
        var bar = LiveView.BalanceBar(percent);
        Assert.Equal(43, bar.Length);
        Assert.Equal(index, bar.IndexOf('●', StringComparison.Ordinal));
        Assert.Equal(1, bar.Count(ch => ch == '●'));
    }

    [Fact]
    public void Screen_And_StatusLine_ShowEveryFigure()
    {
        var status = Status();
        var screen = string.Join('\n', LiveView.Screen(status));
        foreach (var text in new[] { "'deck-a'", "48000 Hz", "period 256", "+25 %", "harmonic -6.0 dB", "instant mode", "latency 512 samples (10.7 ms)", "xruns 3", "CPU 12.5 %", "-6.0 dBFS", "-inf dBFS", "CC 7", "CC 1 = 80, channel 2" })
        {
            Assert.Contains(text, screen, StringComparison.Ordinal);
        }

        var line = LiveView.StatusLine(status);
        Assert.DoesNotContain('\n', line);
        foreach (var text in new[] { "balance +25 %", "H -6.0 dB", "peak in -6.0", "P -inf", "latency 512 samples (10.7 ms)", "xruns 3", "CPU 12.5 %", "longest callback 0.40 ms of 5.33" })
        {
            Assert.Contains(text, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Screen_WhileLearning_AsksForTheKnob()
    {
        var screen = string.Join('\n', LiveView.Screen(Status() with { Learning = true }));
        Assert.Contains("LEARN", screen, StringComparison.Ordinal);
    }

    private static LiveStatus Status() => new()
    {
        ClientName = "deck-a",
        SampleRateHz = 48000,
        PeriodFrames = 256,
        BalancePercent = 25,
        HarmonicLevel = "-6.0 dB",
        PercussiveLevel = "0.0 dB",
        Output = "Mix",
        Bypass = false,
        LatencyMode = "Instant",
        Iterations = 2,
        Meters = new MeterReading(0.5012f, 0.25f, 0f, 0.5f),
        LatencySamples = 512,
        XRuns = 3,
        CpuLoadPercent = 12.5f,
        MaxCallbackMs = 0.4,
        Mapping = new MidiMapping(),
        BalanceController = 7,
        Learning = false,
        LastMidi = MidiMessage.ControlChange(0, 2, 1, 80).Pack(),
    };
}
