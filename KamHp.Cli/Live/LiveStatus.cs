using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Cli.Live;

/// <summary>One reading of everything the display shows, taken on the display thread.</summary>
internal sealed record LiveStatus
{
    public required string ClientName { get; init; }

    public required double SampleRateHz { get; init; }

    public required int PeriodFrames { get; init; }

    /// <summary>Balance, -100..+100 %.</summary>
    public required double BalancePercent { get; init; }

    public required string HarmonicLevel { get; init; }

    public required string PercussiveLevel { get; init; }

    public required string Output { get; init; }

    public required bool Bypass { get; init; }

    public required string LatencyMode { get; init; }

    public required int Iterations { get; init; }

    /// <summary>Peaks since the previous reading.</summary>
    public required MeterReading Meters { get; init; }

    public required int LatencySamples { get; init; }

    public required int XRuns { get; init; }

    public required float CpuLoadPercent { get; init; }

    /// <summary>Longest process callback since the previous reading, in ms.</summary>
    public required double MaxCallbackMs { get; init; }

    public required MidiMapping Mapping { get; init; }

    public required int BalanceController { get; init; }

    public required bool Learning { get; init; }

    /// <summary>The last MIDI message (<see cref="MidiMessage.Pack"/>), -1 if none yet.</summary>
    public required int LastMidi { get; init; }

    public double LatencyMs => 1000.0 * LatencySamples / SampleRateHz;

    public double PeriodMs => 1000.0 * PeriodFrames / SampleRateHz;

    /// <summary>Reads the client and the processor now (takes the meters' peaks and the callback maximum, resetting them).</summary>
    public static LiveStatus Capture(LiveClient client, LiveProcessor live) => new()
    {
        ClientName = client.Name,
        SampleRateHz = client.SampleRateHz,
        PeriodFrames = client.PeriodFrames,
        BalancePercent = live.GetPlain(ParameterId.Balance),
        HarmonicLevel = Display(live, ParameterId.HarmonicLevel),
        PercussiveLevel = Display(live, ParameterId.PercussiveLevel),
        Output = Display(live, ParameterId.Output),
        Bypass = live.GetPlain(ParameterId.Bypass) >= 0.5,
        LatencyMode = Display(live, ParameterId.LatencyMode),
        Iterations = (int)live.GetPlain(ParameterId.Iterations),
        Meters = live.Meters.Take(),
        LatencySamples = live.LatencySamples,
        XRuns = client.XRuns,
        CpuLoadPercent = client.CpuLoadPercent,
        MaxCallbackMs = 1000.0 * client.TakeMaxCallbackSeconds(),
        Mapping = live.Mapping,
        BalanceController = live.Midi.BalanceController,
        Learning = live.Midi.IsLearning,
        LastMidi = live.Midi.LastMessage,
    };

    private static string Display(LiveProcessor live, ParameterId id)
    {
        var definition = ParameterTable.Get(id);
        var text = definition.Format(live.GetNormalized(id));
        return definition.Units.Length > 0 ? text + " " + definition.Units : text;
    }
}
