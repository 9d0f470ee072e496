using KamHp.Cli.Live;
using KamHp.Cli.Live.Jack;
using KamHp.Tests.Plugin;

namespace KamHp.Tests.Cli.Live.Jack;

/// <summary>
/// One run of the live client (in this process, with the command line's default settings) on the test server: a player
/// feeds it a known stereo signal, a recorder takes the signal the player sent and all six outputs, and half-way the
/// player sends CC 1 = 0 (balance to percussive only) to midi_in. Recorded once, inspected by several tests.
/// </summary>
public sealed class LiveSessionRecording
{
    /// <summary>Recorded samples before the CC is sent (after the first latency's worth, which only shows older input).</summary>
    public const int CentreSamples = 24000;

    /// <summary>Recorded samples after the CC.</summary>
    public const int AfterCcSamples = 12000;

    private LiveSessionRecording()
    {
    }

    /// <summary>Reference (what the player sent), mix, harmonic, percussive: left and right each.</summary>
    public float[][] Channels { get; private init; } = [];

    /// <summary>The engine's latency (the processor's own figure).</summary>
    public int EngineLatencySamples { get; private init; }

    public (uint Min, uint Max) InputCaptureLatency { get; private init; }

    public (uint Min, uint Max) OutputCaptureLatency { get; private init; }

    /// <summary>Capture latency of every output port (mix, harmonic, percussive; L and R).</summary>
    public (uint Min, uint Max)[] AllOutputCaptureLatencies { get; private init; } = [];

    public (uint Min, uint Max) InputPlaybackLatency { get; private init; }

    /// <summary>Index in the recording of the sample at which the CC was sent.</summary>
    public int CcIndex { get; private init; }

    public int Gaps { get; private init; }

    public long Callbacks { get; private init; }

    public long CallbackAllocatedBytes { get; private init; }

    /// <summary>Port names of the live client as the server lists them.</summary>
    public IReadOnlyList<string> Ports { get; private init; } = [];

    public float[] Reference(int channel) => Channels[channel];

    public float[] Mix(int channel) => Channels[2 + channel];

    public float[] Harmonic(int channel) => Channels[4 + channel];

    public float[] Percussive(int channel) => Channels[6 + channel];

    public static LiveSessionRecording Record(string serverName)
    {
        var settings = DefaultSettings();
        var live = new LiveProcessor(settings.State, settings.Mapping, learn: false);
        using var client = LiveClient.Open(live, "kamhp-under-test", serverName, quiet: true);
        client.Activate();
        var latency = live.LatencySamples;
        var (left, right) = TestSignals.Music(5 * JackServerFixture.SampleRateHz, JackServerFixture.SampleRateHz, 12);
        using var player = new TestPlayer(serverName, left, right);
        using var recorder = new TestRecorder(serverName, latency + CentreSamples + AfterCcSamples);
        player.Activate();
        recorder.Activate();
        for (var c = 0; c < 2; c++)
        {
            var side = c == 0 ? "L" : "R";
            player.Connect($"{player.Name}:out_{side}", client.FullName(LiveClient.InputPorts[c]));
            player.Connect($"{player.Name}:out_{side}", $"{recorder.Name}:ref_{side}");
            for (var k = 0; k < 3; k++)
            {
                recorder.Connect(client.FullName(LiveClient.OutputPorts[(2 * k) + c]), $"{recorder.Name}:{TestRecorder.Ports[2 + (2 * k) + c]}");
            }
        }

        player.Connect($"{player.Name}:midi_out", client.FullName(LiveClient.MidiPort));
        Thread.Sleep(100);   // a few periods: every connection in place before recording
        recorder.Arm();
        Assert.True(SpinWait.SpinUntil(() => recorder.StartFrameTime >= 0, TimeSpan.FromSeconds(30)), "the recorder never ran");
        player.Schedule(recorder.StartFrameTime + latency + CentreSamples, 0xB0, 1, 0);
        Assert.True(recorder.WaitFull(TimeSpan.FromSeconds(120)), "the recording did not complete in 120 s");
        Assert.True(player.SentFrameTime >= 0, "the CC was not sent");

        var outputs = LiveClient.OutputPorts.Select(p => JackApi.LatencyRange(recorder.Handle, client.FullName(p), JackLatencyMode.Capture)).ToArray();
        return new LiveSessionRecording
        {
            Channels = recorder.Channels,
            EngineLatencySamples = latency,
            InputCaptureLatency = JackApi.LatencyRange(recorder.Handle, client.FullName("in_L"), JackLatencyMode.Capture),
            OutputCaptureLatency = outputs[0],
            AllOutputCaptureLatencies = outputs,
            InputPlaybackLatency = JackApi.LatencyRange(recorder.Handle, client.FullName("in_L"), JackLatencyMode.Playback),
            CcIndex = recorder.IndexOf(player.SentFrameTime),
            Gaps = recorder.Gaps,
            Callbacks = client.Callbacks,
            CallbackAllocatedBytes = client.CallbackAllocatedBytes,
            Ports = JackApi.FindPorts(recorder.Handle, "^kamhp-under-test:", "", JackPortFlags.None),
        };
    }

    /// <summary>The settings <c>kamhp live</c> starts with when given no option.</summary>
    internal static LiveSettings DefaultSettings() => LiveCommandLine.Parse();
}
