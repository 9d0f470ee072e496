using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Tests.Dsp;

public sealed class KamHpEngineLatencyTests
{
    // Property 6
    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(88200)]
    [InlineData(96000)]
    [InlineData(192000)]
    public void Engine_ImpulseLatency_EqualsReportedLatency_ForEveryMethodModeAndIterationCount(int rate)
    {
        // Mask sharpness 0 gives every bin a Wiener gain of exactly 1/2, so the harmonic output is half the impulse
        // after the whole spectral path (analysis, stage delays, synthesis); the mix at unity gains is the dry path.
        var engine = new KamHpEngine();
        engine.Prepare(rate, 8192);
        const int impulseAt = 1234;
        foreach ((SeparationMethod method, LatencyMode mode) in Enum.GetValues<SeparationMethod>().SelectMany(m => Enum.GetValues<LatencyMode>().Select(l => (m, l))))
        {
            for (int iterations = 1; iterations <= EngineSettings.MaxIterations; iterations++)
            {
                var settings = new EngineSettings { Method = method, LatencyMode = mode, Iterations = iterations, SpatialModel = false, MaskSharpness = 0 };
                engine.Configure(settings);
                engine.Reset();
                int latency = engine.LatencySamples;
                Assert.Equal(KamHpEngine.ComputeLatencySamples(rate, settings), latency);
                int total = impulseAt + latency + 64;
                var input = new float[total];
                input[impulseAt] = 1f;
                var mix = new float[total];
                var harmonic = new float[total];
                for (int start = 0; start < total; start += 8192)
                {
                    int n = Math.Min(8192, total - start);
                    engine.Process(new AudioBuffer(input.AsSpan(start, n), input.AsSpan(start, n)), new AudioBuffer(mix.AsSpan(start, n), new float[n]), new AudioBuffer(harmonic.AsSpan(start, n), default), default, 1, 1);
                }

                string where = $"{rate} Hz {method} {mode} x{iterations}";
                int peak = ArgMaxAbs(harmonic);
                Assert.True(impulseAt + latency == peak, $"{where}: harmonic peak at {peak - impulseAt}, reported {latency}");
                Assert.True(Math.Abs(harmonic[peak] - 0.5f) < 1e-5f, $"{where}: harmonic peak {harmonic[peak]}");
                Assert.Equal(1f, mix[impulseAt + latency]);
                Assert.Equal(1, mix.Count(v => v != 0));
            }
        }
    }

    private static int ArgMaxAbs(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (Math.Abs(values[i]) > Math.Abs(values[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
