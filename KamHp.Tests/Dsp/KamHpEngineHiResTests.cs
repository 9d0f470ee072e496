using KamHp.Dsp;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp;

/// <summary>
/// The properties of DESIGN.md section 5 for the engine running the <see cref="SeparationMethod.HiRes"/> method (186 ms
/// frames at hop FftSize/8), and its switches to and from the paper method.
/// </summary>
public sealed class KamHpEngineHiResTests
{
    private const int Rate = 44100;

    private static readonly LatencyMode[] s_modes = [LatencyMode.Live, LatencyMode.Balanced, LatencyMode.Studio];

    [Fact]
    public void Layout_HiRes_HasTwiceThePapersFrame_AtThePapersHop_AndTheHiResKernels()
    {
        EngineLayout paper = EngineLayout.For(Rate, new EngineSettings());
        EngineLayout hires = EngineLayout.For(Rate, new EngineSettings { Method = SeparationMethod.HiRes });
        Assert.Equal((4096, 1024, 17, 17), (paper.FftSize, paper.HopSize, paper.HarmonicKernelFrames, paper.PercussiveKernelBins));
        Assert.Equal((8192, 1024, 17, 19), (hires.FftSize, hires.HopSize, hires.HarmonicKernelFrames, hires.PercussiveKernelBins));
        Assert.Equal(paper.LatencySamples + 4096, hires.LatencySamples);
        Assert.True(EngineLayout.MaxLatencySamples(Rate) >= EngineLayout.For(Rate, new EngineSettings
        {
            Method = SeparationMethod.HiRes, Iterations = EngineSettings.MaxIterations, HarmonicKernelSeconds = 100,
        }).LatencySamples);
    }

    [Fact]
    public void Layout_Instant_IgnoresTheMethod()
    {
        var paper = new EngineSettings { LatencyMode = LatencyMode.Instant };
        Assert.Equal(EngineLayout.For(Rate, paper), EngineLayout.For(Rate, paper with { Method = SeparationMethod.HiRes }));
    }

    // Property 1
    [Theory]
    [InlineData(44100, LatencyMode.Live)]
    [InlineData(192000, LatencyMode.Studio)]
    [InlineData(8000, LatencyMode.Balanced)]
    public void Engine_HiResStftPath_ReconstructsInputDelayedByLatency_BetterThanMinus120Db(int rate, LatencyMode mode)
    {
        float[] signal = TestSignals.Noise(rate / 2, seed: 21);
        KamHpEngine engine = KamHpEngineTests.Prepared(HiRes(mode, 1) with { MaskSharpness = 0 }, rate, 1);
        EngineRun run = EngineRunner.Run(engine, [signal], EngineRunner.Fixed(512));
        double signalPower = 0, errorPower = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            signalPower += (double)signal[i] * signal[i];
            double e = signal[i] - (2.0 * run.Harmonic[0][i]);
            errorPower += e * e;
        }

        double errorDb = 10 * Math.Log10(errorPower / signalPower);
        Assert.True(errorDb < -120, $"reconstruction error {errorDb:F1} dB");
    }

    // Property 2
    [Theory]
    [InlineData(LatencyMode.Live, 1, 1f)]
    [InlineData(LatencyMode.Balanced, 2, 1f)]
    [InlineData(LatencyMode.Studio, 2, 1f)]
    [InlineData(LatencyMode.Studio, 3, 2.5f)]
    public void Engine_HiRes_HarmonicPlusPercussive_EqualsDelayedInput(LatencyMode mode, int iterations, float sharpness)
    {
        float[][] input = KamHpEngineTests.StereoMusic(Rate);
        KamHpEngine engine = KamHpEngineTests.Prepared(HiRes(mode, iterations) with { MaskSharpness = sharpness });
        EngineRun run = EngineRunner.Run(engine, input, EngineRunner.RandomSizes(seed: 5, max: 700));
        double harmonicEnergy = 0;
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < input[c].Length; i++)
            {
                float x = input[c][i], h = run.Harmonic[c][i];
                harmonicEnergy += h * h;
                float tolerance = 2 * float.Epsilon + (MathF.Max(MathF.Abs(x), MathF.Abs(h)) * 1.2e-7f);
                Assert.True(MathF.Abs(h + run.Percussive[c][i] - x) <= tolerance, $"channel {c}, sample {i}");
                Assert.Equal(x, run.Mix[c][i]);   // unity gains: the mix is the delayed input exactly
            }
        }

        Assert.True(harmonicEnergy > 1, "the harmonic output carries the tones");
    }

    // Property 3
    [Theory]
    [InlineData(LatencyMode.Live, 2, 1f)]
    [InlineData(LatencyMode.Studio, 2, 1.5f)]
    public void Engine_HiRes_Output_IsBitIdentical_ForAnyHostBlockPartition(LatencyMode mode, int iterations, float sharpness)
    {
        float[][] input = KamHpEngineTests.StereoMusic(Rate * 3 / 2);
        EngineSettings settings = HiRes(mode, iterations) with { MaskSharpness = sharpness };
        EngineRun reference = EngineRunner.Run(KamHpEngineTests.Prepared(settings, maxBlock: 4096), input, EngineRunner.Fixed(64), 0.7f, 1.3f);
        Func<int>[] partitions = [EngineRunner.Fixed(1), EngineRunner.Fixed(511), EngineRunner.RandomSizes(seed: 1, max: 4096)];
        foreach (Func<int> partition in partitions)
        {
            EngineRun run = EngineRunner.Run(KamHpEngineTests.Prepared(settings, maxBlock: 4096), input, partition, 0.7f, 1.3f);
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(reference.Harmonic[c], run.Harmonic[c]);
                Assert.Equal(reference.Percussive[c], run.Percussive[c]);
                Assert.Equal(reference.Mix[c], run.Mix[c]);
            }
        }
    }

    // Property 4
    [Fact]
    public void Engine_Process_AllocatesNothing_WhileSwitchingBetweenMethods()
    {
        const int maxBlock = 1024;
        EngineSettings[] settings =
        [
            HiRes(LatencyMode.Studio, 2),
            HiRes(LatencyMode.Live, 3) with { MaskSharpness = 2 },
            HiRes(LatencyMode.Balanced, 1) with { PercussiveKernelHz = 400 },
            HiRes(LatencyMode.Instant, 2),
            new() { LatencyMode = LatencyMode.Studio, Iterations = 2 },
            new() { LatencyMode = LatencyMode.Live, Iterations = 2, SpatialModel = false },
        ];
        var engine = new KamHpEngine();
        engine.Prepare(Rate, maxBlock);
        float[] left = TestSignals.Noise(maxBlock, seed: 1), right = TestSignals.Noise(maxBlock, seed: 2);
        var outputs = new float[6][];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new float[maxBlock];
        }

        var random = new Random(3);
        void Run(int calls)
        {
            for (int call = 0; call < calls; call++)
            {
                if (call % 40 == 0)
                {
                    engine.Configure(settings[random.Next(settings.Length)]);
                }

                int n = random.Next(1, maxBlock + 1);
                engine.Process(
                    new AudioBuffer(left.AsSpan(0, n), right.AsSpan(0, n)), new AudioBuffer(outputs[0].AsSpan(0, n), outputs[1].AsSpan(0, n)),
                    new AudioBuffer(outputs[2].AsSpan(0, n), outputs[3].AsSpan(0, n)), new AudioBuffer(outputs[4].AsSpan(0, n), outputs[5].AsSpan(0, n)),
                    random.NextSingle(), random.NextSingle());
            }
        }

        Run(1000);   // warm-up: every path is compiled (tiered JIT may allocate while compiling)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Property 5
    [Fact]
    public void Engine_HiRes_SilenceIn_GivesExactSilenceOut()
    {
        float[][] silence = [new float[Rate], new float[Rate]];
        EngineRun run = EngineRunner.Run(KamHpEngineTests.Prepared(HiRes(LatencyMode.Studio, 2)), silence, EngineRunner.RandomSizes(seed: 8, max: 900), 1.5f, 0.5f);
        for (int c = 0; c < 2; c++)
        {
            Assert.All(run.Mix[c], v => Assert.Equal(0f, v));
            Assert.All(run.Harmonic[c], v => Assert.Equal(0f, v));
        }
    }

    // Property 6
    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(96000)]
    [InlineData(192000)]
    public void Engine_HiRes_ImpulseLatency_EqualsReportedLatency_ForEveryModeAndIterationCount(int rate)
    {
        var engine = new KamHpEngine();
        engine.Prepare(rate, 8192);
        const int impulseAt = 1234;
        foreach (LatencyMode mode in s_modes)
        {
            foreach (int iterations in new[] { 1, 2, 3, EngineSettings.MaxIterations })
            {
                EngineSettings settings = HiRes(mode, iterations) with { MaskSharpness = 0 };
                engine.Configure(settings);
                engine.Reset();
                int latency = engine.LatencySamples;
                Assert.Equal(KamHpEngine.ComputeLatencySamples(rate, settings), latency);
                int total = impulseAt + latency + 64;
                var input = new float[total];
                input[impulseAt] = 1f;
                var mix = new float[total];
                var harmonic = new float[total];
                var unused = new float[8192];
                for (int start = 0; start < total; start += 8192)
                {
                    int n = Math.Min(8192, total - start);
                    engine.Process(
                        new AudioBuffer(input.AsSpan(start, n), input.AsSpan(start, n)), new AudioBuffer(mix.AsSpan(start, n), unused.AsSpan(0, n)),
                        new AudioBuffer(harmonic.AsSpan(start, n), default), default, 1, 1);
                }

                string where = $"{rate} Hz {mode} x{iterations}";
                int peak = Array.IndexOf(harmonic, harmonic.MaxBy(Math.Abs));
                Assert.True(impulseAt + latency == peak, $"{where}: harmonic peak at {peak - impulseAt}, reported {latency}");
                Assert.True(Math.Abs(harmonic[peak] - 0.5f) < 1e-5f, $"{where}: harmonic peak {harmonic[peak]}");
                Assert.Equal(1f, mix[impulseAt + latency]);
                Assert.Equal(1, mix.Count(v => v != 0));
            }
        }
    }

    // Property 7
    [Theory]
    [InlineData(LatencyMode.Live)]
    [InlineData(LatencyMode.Studio)]
    public void Engine_HiRes_MonoMaterial_GivesIdenticalChannels(LatencyMode mode)
    {
        float[] mono = KamHpEngineTests.StereoMusic(Rate)[0];
        EngineRun run = EngineRunner.Run(KamHpEngineTests.Prepared(HiRes(mode, 2)), [mono, (float[])mono.Clone()], EngineRunner.Fixed(300), 1f, 0.25f);
        Assert.Equal(run.Harmonic[0], run.Harmonic[1]);
        Assert.Equal(run.Percussive[0], run.Percussive[1]);
        Assert.Contains(run.Harmonic[0], v => v != 0);
    }

    [Theory]
    [InlineData(SeparationMethod.Paper, SeparationMethod.HiRes)]
    [InlineData(SeparationMethod.HiRes, SeparationMethod.Paper)]
    public void Engine_MethodChange_FadesOut_RestartsWithTheNewLatency_AndThenEqualsAFreshEngine(SeparationMethod from, SeparationMethod to)
    {
        float[][] input = KamHpEngineTests.StereoMusic(128 * 900);
        var before = new EngineSettings { Method = from, Iterations = 2, LatencyMode = LatencyMode.Balanced };
        EngineSettings after = before with { Method = to };
        KamHpEngine engine = KamHpEngineTests.Prepared(before);
        const int block = 128, switchBlock = 200;
        int total = input[0].Length;
        var mix = new float[2][] { new float[total], new float[total] };
        var harmonic = new float[2][] { new float[total], new float[total] };
        for (int start = 0, b = 0; start < total; start += block, b++)
        {
            if (b == switchBlock)
            {
                engine.Configure(after);
                Assert.NotEqual(KamHpEngine.ComputeLatencySamples(Rate, after), engine.LatencySamples);
            }

            engine.Process(new AudioBuffer(input, start, block), new AudioBuffer(mix, start, block), new AudioBuffer(harmonic, start, block), default, 1, 1);
        }

        Assert.Equal(KamHpEngine.ComputeLatencySamples(Rate, after), engine.LatencySamples);
        Assert.Equal(to, engine.Settings.Method);
        int fade = (int)Math.Round(KamHpEngine.RestartFadeSeconds * Rate);
        int restart = (switchBlock * block) + fade;
        float[][] rest = [input[0][restart..], input[1][restart..]];
        EngineRun fresh = EngineRunner.Run(KamHpEngineTests.Prepared(after), rest, EngineRunner.Fixed(block));
        int newLatency = engine.LatencySamples;
        for (int c = 0; c < 2; c++)
        {
            Assert.All(harmonic[c].AsSpan(restart, newLatency).ToArray(), v => Assert.Equal(0f, v));
            int compared = total - restart - newLatency - fade;
            Assert.True(compared > Rate / 2);
            Assert.Equal(fresh.Harmonic[c].AsSpan(fade, compared).ToArray(), harmonic[c].AsSpan(restart + newLatency + fade, compared).ToArray());
        }
    }

    private static EngineSettings HiRes(LatencyMode mode, int iterations) =>
        new() { Method = SeparationMethod.HiRes, LatencyMode = mode, Iterations = iterations };
}
