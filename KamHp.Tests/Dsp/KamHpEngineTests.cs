using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp;

/// <summary>The properties of DESIGN.md section 5, each a named test, for the streaming engine.</summary>
public sealed class KamHpEngineTests
{
    private const int Rate = 44100;

    public static TheoryData<LatencyMode, bool, int, float, SeparationMethod> SettingGrid()
    {
        var data = new TheoryData<LatencyMode, bool, int, float, SeparationMethod>();
        foreach (LatencyMode mode in Enum.GetValues<LatencyMode>())
        {
            data.Add(mode, true, 2, 1f, SeparationMethod.Paper);
            data.Add(mode, false, 3, 1f, SeparationMethod.Paper);
            if (mode != LatencyMode.Instant)
            {
                data.Add(mode, true, 2, 1f, SeparationMethod.HiRes);
            }
        }

        data.Add(LatencyMode.Live, true, 1, 3f, SeparationMethod.Paper);
        data.Add(LatencyMode.Balanced, false, 4, 0.5f, SeparationMethod.Paper);
        data.Add(LatencyMode.Studio, true, 3, 2.5f, SeparationMethod.HiRes);
        return data;
    }

    // Property 1
    [Theory]
    [InlineData(44100, LatencyMode.Live, SeparationMethod.Paper)]
    [InlineData(192000, LatencyMode.Live, SeparationMethod.Paper)]
    [InlineData(44100, LatencyMode.Instant, SeparationMethod.Paper)]
    [InlineData(48000, LatencyMode.Instant, SeparationMethod.Paper)]
    [InlineData(192000, LatencyMode.Instant, SeparationMethod.Paper)]
    [InlineData(44100, LatencyMode.Live, SeparationMethod.HiRes)]
    [InlineData(192000, LatencyMode.Studio, SeparationMethod.HiRes)]
    [InlineData(8000, LatencyMode.Balanced, SeparationMethod.HiRes)]
    public void Engine_StftPath_ReconstructsInputDelayedByLatency_BetterThanMinus120Db(int rate, LatencyMode mode, SeparationMethod method)
    {
        // Mask sharpness 0 makes every Wiener gain exactly 1/2, leaving the analysis/synthesis path alone.
        float[] signal = TestSignals.Noise(rate / 2, seed: 21);
        KamHpEngine engine = Prepared(new EngineSettings { MaskSharpness = 0, SpatialModel = false, Iterations = 1, LatencyMode = mode, Method = method }, rate, 1);
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
    [MemberData(nameof(SettingGrid))]
    public void Engine_HarmonicPlusPercussive_EqualsDelayedInput_ForEverySetting(LatencyMode mode, bool spatial, int iterations, float sharpness, SeparationMethod method)
    {
        float[][] input = StereoMusic(Rate);
        KamHpEngine engine = Prepared(new EngineSettings { LatencyMode = mode, SpatialModel = spatial, Iterations = iterations, MaskSharpness = sharpness, Method = method });
        EngineRun run = EngineRunner.Run(engine, input, EngineRunner.RandomSizes(seed: 5, max: 700));
        double harmonicEnergy = 0;
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < input[c].Length; i++)
            {
                float x = input[c][i], h = run.Harmonic[c][i];
                harmonicEnergy += h * h;

                // p = x - h is rounded once, so h + p is x to within one rounding of the larger magnitude.
                float tolerance = 2 * float.Epsilon + (MathF.Max(MathF.Abs(x), MathF.Abs(h)) * 1.2e-7f);
                Assert.True(MathF.Abs(h + run.Percussive[c][i] - x) <= tolerance, $"channel {c}, sample {i}");
                Assert.Equal(x, run.Mix[c][i]);   // unity gains: the mix is the delayed input exactly
            }
        }

        Assert.True(harmonicEnergy > 1, "the harmonic output carries the tones");
    }

    // Property 3
    [Theory]
    [InlineData(LatencyMode.Balanced, true, 2, 1f, SeparationMethod.Paper)]
    [InlineData(LatencyMode.Live, true, 3, 2f, SeparationMethod.Paper)]
    [InlineData(LatencyMode.Studio, false, 1, 1f, SeparationMethod.Paper)]
    [InlineData(LatencyMode.Instant, true, 2, 1f, SeparationMethod.Paper)]
    [InlineData(LatencyMode.Instant, false, 3, 2f, SeparationMethod.Paper)]
    [InlineData(LatencyMode.Live, true, 2, 1f, SeparationMethod.HiRes)]
    [InlineData(LatencyMode.Studio, true, 2, 1.5f, SeparationMethod.HiRes)]
    public void Engine_Output_IsBitIdentical_ForAnyHostBlockPartition(LatencyMode mode, bool spatial, int iterations, float sharpness, SeparationMethod method)
    {
        float[][] input = StereoMusic(Rate * 3 / 2);
        var settings = new EngineSettings { LatencyMode = mode, SpatialModel = spatial, Iterations = iterations, MaskSharpness = sharpness, Method = method };
        EngineRun reference = EngineRunner.Run(Prepared(settings, maxBlock: 4096), input, EngineRunner.Fixed(64), 0.7f, 1.3f);
        Func<int>[] partitions =
        [
            EngineRunner.Fixed(1), EngineRunner.Fixed(17), EngineRunner.Fixed(511), EngineRunner.Fixed(4096),
            EngineRunner.RandomSizes(seed: 1, max: 4096), EngineRunner.RandomSizes(seed: 2, max: 40),
        ];
        foreach (Func<int> partition in partitions)
        {
            EngineRun run = EngineRunner.Run(Prepared(settings, maxBlock: 4096), input, partition, 0.7f, 1.3f);
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
    public void Engine_Process_AllocatesNothing_AfterWarmUp_WithRandomBlocksGainsSettingsAndMethods()
    {
        const int maxBlock = 1024;
        EngineSettings[] settings =
        [
            new() { LatencyMode = LatencyMode.Live, Iterations = 2 },
            new() { LatencyMode = LatencyMode.Live, Iterations = 5, MaskSharpness = 2 },
            new() { LatencyMode = LatencyMode.Live, Iterations = 3, SpatialModel = false, PercussiveKernelHz = 400 },
            new() { LatencyMode = LatencyMode.Balanced, Iterations = 2, HarmonicKernelSeconds = 0.8 },
            new() { LatencyMode = LatencyMode.Studio, Iterations = 1 },
            new() { LatencyMode = LatencyMode.Instant, Iterations = 2 },
            new() { LatencyMode = LatencyMode.Instant, Iterations = 4, MaskSharpness = 2, HarmonicKernelSeconds = 0.7 },
            new() { LatencyMode = LatencyMode.Studio, Iterations = 2, Method = SeparationMethod.HiRes },
            new() { LatencyMode = LatencyMode.Live, Iterations = 3, Method = SeparationMethod.HiRes, MaskSharpness = 2 },
            new() { LatencyMode = LatencyMode.Balanced, Iterations = 1, Method = SeparationMethod.HiRes, PercussiveKernelHz = 400 },
            new() { LatencyMode = LatencyMode.Instant, Iterations = 2, Method = SeparationMethod.HiRes },
        ];
        var engine = new KamHpEngine();
        engine.Prepare(Rate, maxBlock);
        float[] left = TestSignals.Noise(maxBlock, seed: 1), right = TestSignals.Noise(maxBlock, seed: 2);
        float[] bad = (float[])left.Clone();
        bad[17] = float.NaN;
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
                if (call % 50 == 0)
                {
                    engine.Configure(settings[random.Next(settings.Length)]);
                }

                int n = random.Next(1, maxBlock + 1);
                float[] l = call == calls / 2 ? bad : left;
                engine.Process(
                    new AudioBuffer(l.AsSpan(0, n), right.AsSpan(0, n)), new AudioBuffer(outputs[0].AsSpan(0, n), outputs[1].AsSpan(0, n)),
                    new AudioBuffer(outputs[2].AsSpan(0, n), outputs[3].AsSpan(0, n)), new AudioBuffer(outputs[4].AsSpan(0, n), outputs[5].AsSpan(0, n)),
                    random.NextSingle(), random.NextSingle());
            }
        }

        Run(1000);   // warm-up: every path is compiled (tiered JIT may allocate while compiling)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    // Property 5a
    [Theory]
    [InlineData(LatencyMode.Live, true)]
    [InlineData(LatencyMode.Balanced, false)]
    [InlineData(LatencyMode.Studio, true)]
    [InlineData(LatencyMode.Instant, true)]
    [InlineData(LatencyMode.Studio, true, SeparationMethod.HiRes)]
    public void Engine_SilenceIn_GivesExactSilenceOut(LatencyMode mode, bool spatial, SeparationMethod method = SeparationMethod.Paper)
    {
        float[][] silence = [new float[Rate], new float[Rate]];
        KamHpEngine engine = Prepared(new EngineSettings { LatencyMode = mode, SpatialModel = spatial, Iterations = 3, Method = method });
        EngineRun run = EngineRunner.Run(engine, silence, EngineRunner.RandomSizes(seed: 8, max: 900), 1.5f, 0.5f);
        for (int c = 0; c < 2; c++)
        {
            Assert.All(run.Mix[c], v => Assert.Equal(0f, v));
            Assert.All(run.Harmonic[c], v => Assert.Equal(0f, v));
            Assert.All(run.Percussive[c], v => Assert.Equal(0f, v));
        }
    }

    // Property 5b
    [Theory]
    [InlineData(LatencyMode.Live, float.NaN)]
    [InlineData(LatencyMode.Studio, float.PositiveInfinity)]
    [InlineData(LatencyMode.Instant, float.NaN)]
    public void Engine_NonFiniteBlock_IsMuted_AndOutputIsCleanWithinOneWindow(LatencyMode mode, float poison)
    {
        var settings = new EngineSettings { LatencyMode = mode, Iterations = 2 };
        float[][] input = StereoMusic(Rate * 2);
        const int block = 256, badBlock = 100;   // the bad block covers samples [25600, 25856)
        input[1][(badBlock * block) + 7] = poison;

        var engine = Prepared(settings);
        int latency = engine.LatencySamples;
        int total = input[0].Length;
        var mix = new float[2][] { new float[total], new float[total] };
        var harmonic = new float[2][] { new float[total], new float[total] };
        for (int start = 0, b = 0; start < total; start += block, b++)
        {
            int n = Math.Min(block, total - start);
            engine.Process(new AudioBuffer(input, start, n), new AudioBuffer(mix, start, n), new AudioBuffer(harmonic, start, n), default, 1f, 0.5f);
            if (b == badBlock)
            {
                Assert.All(mix[0].AsSpan(start, n).ToArray(), v => Assert.Equal(0f, v));
                Assert.All(harmonic[1].AsSpan(start, n).ToArray(), v => Assert.Equal(0f, v));
            }
        }

        Assert.All(mix[0], v => Assert.True(float.IsFinite(v)));
        Assert.All(mix[1], v => Assert.True(float.IsFinite(v)));

        // After the bad block the engine has restarted: once its short fade-in is over, its output equals that of a
        // fresh engine fed the input that follows the bad block, bit for bit (no trace of the NaN, no stale state).
        int resume = (badBlock + 1) * block;
        float[][] after = [input[0][resume..], input[1][resume..]];
        var fresh = Prepared(settings);
        var freshMix = new float[2][] { new float[after[0].Length], new float[after[0].Length] };
        for (int start = 0; start < after[0].Length; start += block)
        {
            int n = Math.Min(block, after[0].Length - start);
            fresh.Process(new AudioBuffer(after, start, n), new AudioBuffer(freshMix, start, n), default, default, 1f, 0.5f);
        }

        int fade = (int)Math.Round(KamHpEngine.RestartFadeSeconds * Rate);
        int clean = latency + fade;
        Assert.True(clean - latency < 4096, "clean again within one window of input after the bad block");
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(freshMix[c][clean..], mix[c][(resume + clean)..]);
            Assert.Contains(mix[c][(resume + clean)..], v => v != 0);
        }
    }

    // Property 5c
    [Fact]
    public void Engine_DenormalInput_IsFlushed_SoNoOutputIsSubnormal()
    {
        var random = new Random(4);
        float[] tiny = Enumerable.Range(0, Rate).Select(_ => (random.NextSingle() - 0.5f) * 1e-38f).ToArray();
        float[] mixed = TestSignals.Noise(Rate, seed: 6, amplitude: 1e-16f);
        KamHpEngine engine = Prepared(new EngineSettings { LatencyMode = LatencyMode.Live });
        EngineRun run = EngineRunner.Run(engine, [tiny, mixed], EngineRunner.Fixed(333), 0.3f, 0.6f);
        foreach (float[][] output in new[] { run.Mix, run.Harmonic, run.Percussive })
        {
            foreach (float[] channel in output)
            {
                Assert.All(channel, v => Assert.False(float.IsSubnormal(v)));
                Assert.All(channel, v => Assert.Equal(0f, v));   // -300 dBFS and below is silence
            }
        }
    }

    // Property 7
    [Theory]
    [InlineData(LatencyMode.Live, true)]
    [InlineData(LatencyMode.Balanced, true)]
    [InlineData(LatencyMode.Studio, true)]
    [InlineData(LatencyMode.Studio, false)]
    [InlineData(LatencyMode.Instant, true)]
    [InlineData(LatencyMode.Live, true, SeparationMethod.HiRes)]
    [InlineData(LatencyMode.Studio, true, SeparationMethod.HiRes)]
    public void Engine_MonoMaterial_GivesIdenticalChannels(LatencyMode mode, bool spatial, SeparationMethod method = SeparationMethod.Paper)
    {
        float[] mono = StereoMusic(Rate)[0];
        KamHpEngine engine = Prepared(new EngineSettings { LatencyMode = mode, SpatialModel = spatial, Iterations = 3, Method = method });
        EngineRun run = EngineRunner.Run(engine, [mono, (float[])mono.Clone()], EngineRunner.Fixed(300), 1f, 0.25f);
        Assert.Equal(run.Harmonic[0], run.Harmonic[1]);
        Assert.Equal(run.Percussive[0], run.Percussive[1]);
        Assert.Equal(run.Mix[0], run.Mix[1]);
        Assert.Contains(run.Harmonic[0], v => v != 0);
    }

    [Fact]
    public void Engine_MonoEngine_MatchesStereoEngineOnDualMono_WithoutSpatialModel()
    {
        // Channel-averaged powers of L = R are the mono powers, summed in another order: the masks agree to float
        // rounding (1e-7 relative), and medians and Wiener masks do not amplify that. 1e-6 of the peak allows a
        // few roundings through the two stages.
        float[] mono = StereoMusic(Rate)[0];
        var settings = new EngineSettings { LatencyMode = LatencyMode.Balanced, SpatialModel = false, Iterations = 2 };
        EngineRun stereo = EngineRunner.Run(Prepared(settings), [mono, (float[])mono.Clone()], EngineRunner.Fixed(512));
        EngineRun single = EngineRunner.Run(Prepared(settings, channels: 1), [mono], EngineRunner.Fixed(512));
        double error = TestSignals.RelativeMaxError(stereo.Harmonic[0], single.Harmonic[0]);
        Assert.True(error < 1e-6, $"relative max error {error:E2}");
        Assert.True(TestSignals.RelativeMaxError(stereo.Percussive[0], single.Percussive[0]) < 1e-6);
    }

    [Fact]
    public void Engine_NullTest_EqualGainsGiveTheDelayedInputScaled_Exactly()
    {
        float[][] input = StereoMusic(Rate);
        KamHpEngine engine = Prepared(new EngineSettings { LatencyMode = LatencyMode.Balanced });
        EngineRun run = EngineRunner.Run(engine, input, EngineRunner.Fixed(128), 0.5f, 0.5f);
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < input[c].Length; i++)
            {
                Assert.Equal(0.5f * input[c][i], run.Mix[c][i]);
            }
        }
    }

    [Fact]
    public void Engine_Gains_SelectTheParts_AfterSmoothing()
    {
        float[][] input = StereoMusic(Rate);
        KamHpEngine engine = Prepared(new EngineSettings { LatencyMode = LatencyMode.Live });
        EngineRun harmonicOnly = EngineRunner.Run(engine, input, EngineRunner.Fixed(256), 1f, 0f);
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < input[c].Length; i++)
            {
                // mix = gP x + (gH - gP) h: with gP = 0 the rounding is that of h alone.
                Assert.Equal(harmonicOnly.Harmonic[c][i], harmonicOnly.Mix[c][i]);
            }
        }
    }

    [Fact]
    public void Engine_Separates_TonesIntoHarmonic_AndClicksIntoPercussive()
    {
        int length = 3 * Rate;
        float[] tones = TestSignals.Tones(length, Rate, [196, 293.66, 440]);
        float[] clicks = TestSignals.Clicks(length, 8000, seed: 9);
        float[] mix = TestSignals.Add(tones, clicks);
        foreach (LatencyMode mode in Enum.GetValues<LatencyMode>())
        {
            EngineRun run = EngineRunner.Run(Prepared(new EngineSettings { LatencyMode = mode }), [mix, mix], EngineRunner.Fixed(1024));
            double harmonicSdr = TestSignals.Sdr(tones, run.Harmonic[0], skip: Rate / 2);
            double percussiveSdr = TestSignals.Sdr(clicks, run.Percussive[0], skip: Rate / 2);
            Assert.True(harmonicSdr > 8, $"{mode}: harmonic SDR {harmonicSdr:F1} dB");
            Assert.True(percussiveSdr > 3, $"{mode}: percussive SDR {percussiveSdr:F1} dB");
        }
    }

    [Fact]
    public void Engine_Process_BeforePrepare_Throws_AndConfigureBeforePrepare_IsKept()
    {
        var engine = new KamHpEngine();
        var buffer = new float[4];
        Assert.Throws<InvalidOperationException>(() => engine.Process(new AudioBuffer(buffer, buffer), new AudioBuffer(buffer, buffer), default, default, 1, 1));
        engine.Configure(new EngineSettings { LatencyMode = LatencyMode.Live, Iterations = 7 });
        engine.Prepare(48000, 256);
        Assert.Equal(7, engine.Settings.Iterations);
        Assert.Equal(KamHpEngine.ComputeLatencySamples(48000, engine.Settings), engine.LatencySamples);
    }

    [Fact]
    public void Engine_Process_RejectsSpansOfDifferentLengths()
    {
        KamHpEngine engine = Prepared(new EngineSettings());
        var four = new float[4];
        var three = new float[3];
        Assert.Throws<ArgumentException>(() => engine.Process(new AudioBuffer(four, four), new AudioBuffer(three, three), default, default, 1, 1));
        Assert.Throws<ArgumentException>(() => engine.Process(new AudioBuffer(four, four), new AudioBuffer(four, four), new AudioBuffer(three, three), default, 1, 1));
        Assert.Throws<ArgumentException>(() => engine.Process(new AudioBuffer(four), new AudioBuffer(four, four), default, default, 1, 1));
        Assert.Throws<ArgumentException>(() => new AudioBuffer(four, three));
    }

    [Fact]
    public void Engine_LatencyChangingConfigure_FadesOut_RestartsWithNewLatency_AndThenEqualsAFreshEngine()
    {
        float[][] input = StereoMusic(128 * 700);
        var before = new EngineSettings { LatencyMode = LatencyMode.Live, Iterations = 2 };
        var after = new EngineSettings { LatencyMode = LatencyMode.Balanced, Iterations = 2 };
        KamHpEngine engine = Prepared(before);
        const int block = 128, switchBlock = 200;
        int total = input[0].Length;
        var mix = new float[2][] { new float[total], new float[total] };
        for (int start = 0, b = 0; start < total; start += block, b++)
        {
            if (b == switchBlock)
            {
                engine.Configure(after);
                Assert.NotEqual(KamHpEngine.ComputeLatencySamples(Rate, after), engine.LatencySamples);
            }

            engine.Process(new AudioBuffer(input, start, block), new AudioBuffer(mix, start, block), default, default, 1, 1);
        }

        Assert.Equal(KamHpEngine.ComputeLatencySamples(Rate, after), engine.LatencySamples);
        int fade = (int)Math.Round(KamHpEngine.RestartFadeSeconds * Rate);
        int restart = (switchBlock * block) + fade;

        // Fade-out: the mix (the delayed input at unity gains) scaled by a ramp from 1 to 0.
        int oldLatency = KamHpEngine.ComputeLatencySamples(Rate, before);
        for (int k = 0; k < fade; k++)
        {
            int s = (switchBlock * block) + k;
            float expected = (fade - 1 - k) / (float)fade * input[0][s - oldLatency];
            Assert.Equal(expected, mix[0][s], 1e-6f);
        }

        float[][] rest = [input[0][restart..], input[1][restart..]];
        EngineRun fresh = EngineRunner.Run(Prepared(after), rest, EngineRunner.Fixed(block));
        int newLatency = engine.LatencySamples;
        for (int c = 0; c < 2; c++)
        {
            Assert.All(mix[c].AsSpan(restart, newLatency).ToArray(), v => Assert.Equal(0f, v));
            for (int i = fade; i + restart + newLatency < total; i++)
            {
                Assert.Equal(fresh.Mix[c][i], mix[c][restart + newLatency + i]);
            }
        }
    }

    [Theory]
    [InlineData(0.395, 0.72)]
    [InlineData(0.72, 0.395)]
    public void Engine_HarmonicKernelChange_ConvergesToTheNewKernel_TwoFramesPerFrame(double fromSeconds, double toSeconds)
    {
        // One iteration without the spatial model: the observations do not depend on earlier frames, so once the
        // sorted window has grown or shrunk to the new size (7 frames for 17 <-> 31), the output equals that of an
        // engine that had the new kernel from the start, bit for bit.
        float[][] input = StereoMusic(Rate * 2);
        var before = new EngineSettings { LatencyMode = LatencyMode.Live, Iterations = 1, SpatialModel = false, HarmonicKernelSeconds = fromSeconds };
        EngineSettings after = before with { HarmonicKernelSeconds = toSeconds };
        const int block = 1024, changeBlock = 30;
        KamHpEngine engine = Prepared(before);
        int total = input[0].Length;
        float[][] harmonic = [new float[total], new float[total]];
        for (int start = 0, b = 0; start + block <= total; start += block, b++)
        {
            if (b == changeBlock)
            {
                engine.Configure(after);
            }

            engine.Process(new AudioBuffer(input, start, block), new AudioBuffer(new float[block], new float[block]), new AudioBuffer(harmonic, start, block), default, 1, 1);
        }

        EngineRun reference = EngineRunner.Run(Prepared(after), input, EngineRunner.Fixed(block));
        int latency = engine.LatencySamples;
        int converged = ((changeBlock + 8) * block) + 4096;   // frames after convergence, plus a window of overlap-add
        int end = (total / block * block) - latency;
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(reference.Harmonic[c][converged..end], harmonic[c][(converged + latency)..(end + latency)]);
            Assert.NotEqual(reference.Harmonic[c][1000..9000], harmonic[c][(1000 + latency)..(9000 + latency)]);
        }
    }

    [Fact]
    public void Engine_StagesAddedInLive_BecomeExactlyAFreshEnginesStages_OnceTheirWindowIsTheirOwn()
    {
        // Without the spatial model a stage's observations depend only on the stages before it, which an added
        // stage does not change. The added stages start from the window of the stage before them (borrowed rows);
        // once the 5-frame window has slid past those, the output must be that of an engine that ran 4 iterations
        // from the start, bit for bit. Before that it differs (the borrowed rows are stage 2's, not stages 3's and 4's).
        float[][] input = StereoMusic(Rate * 2);
        var before = new EngineSettings { LatencyMode = LatencyMode.Live, Iterations = 2, SpatialModel = false };
        EngineSettings after = before with { Iterations = 4 };
        const int block = 1024, changeBlock = 30;
        KamHpEngine engine = Prepared(before);
        int total = input[0].Length / block * block;
        float[][] harmonic = [new float[total], new float[total]];
        for (int start = 0, b = 0; start < total; start += block, b++)
        {
            if (b == changeBlock)
            {
                engine.Configure(after);
            }

            engine.Process(new AudioBuffer(input, start, block), new AudioBuffer(new float[block], new float[block]), new AudioBuffer(harmonic, start, block), default, 1, 1);
        }

        EngineRun reference = EngineRunner.Run(Prepared(after), input, EngineRunner.Fixed(block));
        int latency = engine.LatencySamples;
        Assert.Equal(KamHpEngine.ComputeLatencySamples(Rate, before), latency);
        int converged = ((changeBlock + 6) * block) + 4096;
        int end = total - latency;
        int changed = (changeBlock + 1) * block;
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(reference.Harmonic[c][converged..end], harmonic[c][(converged + latency)..(end + latency)]);
            Assert.NotEqual(reference.Harmonic[c][changed..(changed + 2048)], harmonic[c][(changed + latency)..(changed + latency + 2048)]);
        }
    }

    internal static KamHpEngine Prepared(EngineSettings settings, int rate = Rate, int channels = 2, int maxBlock = 1024)
    {
        var engine = new KamHpEngine();
        engine.Configure(settings);
        engine.Prepare(rate, maxBlock, channels);
        return engine;
    }

    /// <summary>Tones plus clicks, different in each channel: stereo material with both kinds of source.</summary>
    internal static float[][] StereoMusic(int length)
    {
        float[] left = TestSignals.Add(TestSignals.Tones(length, Rate, [220, 330]), TestSignals.Clicks(length, 11025, seed: 1));
        float[] right = TestSignals.Add(TestSignals.Tones(length, Rate, [277, 440]), TestSignals.Clicks(length, 7000, seed: 2, amplitude: 0.4f));
        return [left, right];
    }
}
