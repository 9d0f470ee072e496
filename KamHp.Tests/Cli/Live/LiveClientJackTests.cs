using KamHp.Cli.Live;
using KamHp.Dsp;
using KamHp.Tests.Cli.Live.Jack;

namespace KamHp.Tests.Cli.Live;

/// <summary>
/// <c>kamhp live</c>'s client on a real JACK server (jackd, dummy backend): a test player plays a known stereo signal
/// into it, a test recorder records what was played and all six outputs in the same periods (see
/// <see cref="LiveSessionRecording"/>).
/// </summary>
[Collection(SharedJackServer.Name)]
public sealed class LiveClientJackTests(JackServerFixture server)
{
    // h + p: the percussive output is computed as x - h in float, so their sum equals x to a rounding of the larger
    // of the two (|x|, |h| < 1 here): 1e-6 is a few ulps; a wrong delay or gain gives errors near the signal's size.
    private const float SumTolerance = 1e-6f;

    /// <summary>The engine flushes input below <see cref="KamHpEngine.DenormalThreshold"/> (-300 dBFS) to zero.</summary>
    private static float Flushed(float x) => MathF.Abs(x) < KamHpEngine.DenormalThreshold ? 0f : x;

    [Fact]
    public void Client_HasTheDocumentedPorts()
    {
        server.RequireServer();
        var expected = LiveClient.InputPorts.Concat(LiveClient.OutputPorts).Append(LiveClient.MidiPort)
            .Select(p => "kamhp-under-test:" + p).Order(StringComparer.Ordinal);
        Assert.Equal(expected, server.Session.Ports.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ports_ReportTheEngineLatency_OnTopOfTheirNeighbours()
    {
        server.RequireServer();
        var s = server.Session;
        Assert.True(s.EngineLatencySamples > 0);
        foreach (var range in s.AllOutputCaptureLatencies)
        {
            // The player's ports are not physical: their capture latency is 0, so the outputs show the engine's alone.
            Assert.Equal((s.InputCaptureLatency.Min + (uint)s.EngineLatencySamples, s.InputCaptureLatency.Max + (uint)s.EngineLatencySamples), range);
        }

        // The recorder's inputs are not physical either: the input's playback latency is the engine's.
        Assert.Equal(((uint)s.EngineLatencySamples, (uint)s.EngineLatencySamples), s.InputPlaybackLatency);
    }

    [Fact]
    public void Mix_AtTheCentre_IsTheInputDelayedByExactlyTheLatencyOnThePorts()
    {
        server.RequireServer();
        var s = server.Session;
        var latency = (int)(s.OutputCaptureLatency.Min - s.InputCaptureLatency.Min);
        for (var c = 0; c < 2; c++)
        {
            var reference = s.Reference(c);
            var mix = s.Mix(c);
            var mismatches = new List<string>();
            for (var i = latency; i < s.CcIndex; i++)
            {
                // Bit for bit: at equal gains the engine writes the delayed dry input itself.
                if (mix[i] != Flushed(reference[i - latency]))
                {
                    mismatches.Add($"{i}: {mix[i]} vs {reference[i - latency]}");
                }
            }

            Assert.True(mismatches.Count == 0, $"channel {c}, {mismatches.Count} samples differ (CC at {s.CcIndex}, latency {latency}, server frame-time jumps {s.Gaps}): {string.Join("; ", mismatches.Take(10))}");
            Assert.True(s.CcIndex - latency >= LiveSessionRecording.CentreSamples, "too little was compared");

            // One sample off is not equal: the comparison can tell the latency apart from its neighbours.
            Assert.NotEqual(reference.AsSpan(latency - 1, 1000).ToArray(), mix.AsSpan(latency, 1000).ToArray());
            Assert.NotEqual(reference.AsSpan(latency + 1, 1000).ToArray(), mix.AsSpan(latency, 1000).ToArray());
        }
    }

    [Fact]
    public void HarmonicPlusPercussive_IsTheInputDelayed_BeforeAndAfterTheBalanceMoves()
    {
        server.RequireServer();
        var s = server.Session;
        var latency = s.EngineLatencySamples;
        for (var c = 0; c < 2; c++)
        {
            var reference = s.Reference(c);
            var harmonic = s.Harmonic(c);
            var percussive = s.Percussive(c);
            var worst = 0f;
            for (var i = latency; i < reference.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(harmonic[i] + percussive[i] - reference[i - latency]));
            }

            Assert.True(worst <= SumTolerance, $"channel {c}: |h + p - x(t - L)| up to {worst}");
            Assert.True(harmonic.Max() > 0.05f && percussive.Max() > 0.01f, "both outputs must carry signal for the test to mean anything");
        }
    }

    [Fact]
    public void BalanceCc0_OnMidiIn_StartsAtItsFrame_AndThenTheMixIsThePercussiveOutput()
    {
        server.RequireServer();
        var s = server.Session;
        var latency = s.EngineLatencySamples;
        var cc = s.CcIndex;
        Assert.InRange(cc, latency + LiveSessionRecording.CentreSamples, s.Reference(0).Length - 6000);
        for (var c = 0; c < 2; c++)
        {
            var mix = s.Mix(c);
            var reference = s.Reference(c);
            var percussive = s.Percussive(c);

            // Sample-accurate: unchanged up to the sample before the CC, changed from the CC's own sample on.
            Assert.Equal(Flushed(reference[cc - 1 - latency]), mix[cc - 1]);
            Assert.NotEqual(Flushed(reference[cc - latency]), mix[cc]);

            // After the plugin's gain smoothing has settled (5 ms time constant; snapped within 1e-6 after ~70 ms):
            // mix = 1 * x + (0 - 1) * h = x - h, the percussive output, bit for bit.
            for (var i = cc + 5000; i < mix.Length; i++)
            {
                Assert.Equal(percussive[i], mix[i]);
            }
        }
    }

    [Fact]
    public void ProcessCallback_AllocatesNothing_OnTheAudioThread()
    {
        server.RequireServer();
        var s = server.Session;
        Assert.True(s.Callbacks > 100, $"only {s.Callbacks} callbacks ran");
        Assert.Equal(0, s.CallbackAllocatedBytes);
    }
}
