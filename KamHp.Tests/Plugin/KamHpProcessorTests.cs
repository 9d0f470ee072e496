using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Tests.Plugin;

public sealed class KamHpProcessorTests
{
    private const double SampleRateHz = 48000;
    private const int MaxBlock = 8192;

    // Float rounding of the engine's overlap-add at unity gains; DESIGN.md asks for the null test "to float precision".
    private const float NullTolerance = 1e-5f;

    [Fact]
    public void Process_AtDefaults_OutputsTheInputDelayedByTheReportedLatency()
    {
        var processor = Active();
        var latency = processor.LatencySamples;
        Assert.Equal(KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine), latency);
        var (left, right) = TestSignals.Music(latency + 20000, SampleRateHz, 1);
        var output = StereoRender.Run(processor, left, right, 512);
        AssertDelayed(left, output.MainLeft, latency, NullTolerance);
        AssertDelayed(right, output.MainRight, latency, NullTolerance);
    }

    [Fact]
    public void Impulse_ComesOut_ExactlyLatencySamplesLater()
    {
        var processor = Active();
        var input = TestSignals.Impulse(processor.LatencySamples + 4000, 1000);
        var output = StereoRender.Run(processor, input, input, 256);
        Assert.Equal(1000 + processor.LatencySamples, TestSignals.PeakIndex(output.MainLeft));
        Assert.Equal(1f, output.MainLeft[1000 + processor.LatencySamples], NullTolerance);
    }

    [Fact]
    public void Stems_SumToTheDelayedInput_AndTheMixIsTheGainWeightedSumOfTheStems()
    {
        var processor = Active();
        var (left, right) = TestSignals.Music(processor.LatencySamples + 24000, SampleRateHz, 2);
        var output = new StereoRender(left.Length);
        var changes = new ParameterQueues()
            .AddPlain(ParameterId.Balance, 0, 40)
            .AddPlain(ParameterId.PercussiveLevel, 0, -6);
        output.Block(processor, left, right, 0, 1024, changes);
        for (var start = 1024; start < left.Length; start += 1024)
        {
            output.Block(processor, left, right, start, Math.Min(1024, left.Length - start));
        }

        var latency = processor.LatencySamples;
        var sum = output.HarmonicLeft.Zip(output.PercussiveLeft, (h, p) => h + p).ToArray();
        AssertDelayed(left, sum, latency, NullTolerance);

        // Balance +40 %: harmonic 1, percussive 0.6; percussive level -6 dB on top. Compared after the gain smoothing settled.
        var gH = 1.0;
        var gP = 0.6 * Math.Pow(10, -6 / 20.0);
        for (var i = left.Length / 2; i < left.Length; i++)
        {
            var expected = (gH * output.HarmonicLeft[i]) + (gP * output.PercussiveLeft[i]);
            Assert.Equal(expected, output.MainLeft[i], 1e-5);
        }
    }

    [Theory]
    [InlineData(OutputMode.HarmonicSolo)]
    [InlineData(OutputMode.PercussiveSolo)]
    public void SoloOutputs_CarryOnlyThatPart_AtItsLevel_IgnoringBalance(OutputMode mode)
    {
        var processor = Active();
        var (left, right) = TestSignals.Music(processor.LatencySamples + 16000, SampleRateHz, 3);
        var output = new StereoRender(left.Length);
        var changes = new ParameterQueues()
            .AddPlain(ParameterId.Output, 0, (double)mode)
            .AddPlain(ParameterId.Balance, 0, mode == OutputMode.HarmonicSolo ? -100 : 100)
            .AddPlain(ParameterId.HarmonicLevel, 0, -3)
            .AddPlain(ParameterId.PercussiveLevel, 0, 6);
        output.Block(processor, left, right, 0, 512, changes);
        for (var start = 512; start < left.Length; start += 512)
        {
            output.Block(processor, left, right, start, Math.Min(512, left.Length - start));
        }

        var stem = mode == OutputMode.HarmonicSolo ? output.HarmonicRight : output.PercussiveRight;
        var gain = Math.Pow(10, (mode == OutputMode.HarmonicSolo ? -3 : 6) / 20.0);
        for (var i = left.Length / 2; i < left.Length; i++)
        {
            Assert.Equal(gain * stem[i], output.MainRight[i], 1e-5);
        }
    }

    [Fact]
    public void ParameterPoint_ActsFromItsSampleOffset_AndLeavesEarlierSamplesUntouched()
    {
        var reference = Active();
        var changed = Active();

        // Gains act on the output, so the change must fall after the latency for its effect to be audible.
        var at = reference.LatencySamples + 12345;
        var (left, right) = TestSignals.Music(at + 5000, SampleRateHz, 4);
        var a = new StereoRender(left.Length);
        var b = new StereoRender(left.Length);
        a.Block(reference, left, right, 0, left.Length);

        // Harmonic level to -inf at sample `at`, inside one block.
        b.Block(changed, left, right, 0, left.Length, new ParameterQueues().Add(ParameterId.HarmonicLevel, at, 0.0));
        for (var i = 0; i < at; i++)
        {
            Assert.Equal(a.MainLeft[i], b.MainLeft[i]);
        }

        Assert.NotEqual(a.MainLeft[at + 10], b.MainLeft[at + 10]);
    }

    [Fact]
    public void Bypass_OutputsTheDryInputDelayedByTheLatency_Exactly_AndSilencesTheStems()
    {
        var processor = Active();
        var (left, right) = TestSignals.Music(processor.LatencySamples + 20000, SampleRateHz, 5);
        var output = new StereoRender(left.Length);
        output.Block(processor, left, right, 0, 0, new ParameterQueues().Add(ParameterId.Bypass, 0, 1.0));
        output.Block(processor, left, right, 0, left.Length, new ParameterQueues().AddPlain(ParameterId.HarmonicLevel, 0, -20));
        var latency = processor.LatencySamples;
        var fade = (int)Math.Round(KamHpProcessor.BypassFadeSeconds * SampleRateHz);
        for (var i = latency + fade; i < left.Length; i++)
        {
            Assert.Equal(left[i - latency], output.MainLeft[i]);
            Assert.Equal(right[i - latency], output.MainRight[i]);
            Assert.Equal(0f, output.HarmonicLeft[i]);
            Assert.Equal(0f, output.PercussiveRight[i]);
        }
    }

    [Fact]
    public void Bypass_Crossfades_WithoutADiscontinuity()
    {
        // Wet path at -inf so that engaging bypass is a full-scale change; the crossfade must keep every step small.
        var processor = Active();
        var length = processor.LatencySamples + 30000;
        var left = new float[length];
        for (var i = 0; i < length; i++)
        {
            left[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 100 * i / SampleRateHz));
        }

        var output = new StereoRender(length);
        output.Block(processor, left, left, 0, 0, new ParameterQueues().Add(ParameterId.HarmonicLevel, 0, 0.0).Add(ParameterId.PercussiveLevel, 0, 0.0));
        output.Block(processor, left, left, 0, 20000);
        output.Block(processor, left, left, 20000, length - 20000, new ParameterQueues().Add(ParameterId.Bypass, 100, 1.0));
        var ownStep = MaxStep(left);
        var fadeSamples = KamHpProcessor.BypassFadeSeconds * SampleRateHz;

        // A step of the signal plus the crossfade's slope times the peak.
        Assert.True(MaxStep(output.MainLeft) <= ownStep + (0.5 / fadeSamples * 1.01), $"{MaxStep(output.MainLeft)} vs {ownStep}");
        Assert.Equal(left[length - 1 - processor.LatencySamples], output.MainLeft[length - 1]);
    }

    [Fact]
    public void AutomationRamp_ProducesNoDiscontinuity()
    {
        // Harmonic level ramped from -inf to +12 dB over 0.5 s, sent as points every 64 samples in blocks of 256.
        var processor = Active();
        var length = processor.LatencySamples + 48000;
        var left = new float[length];
        for (var i = 0; i < length; i++)
        {
            left[i] = (float)(0.25 * Math.Sin(2 * Math.PI * 440 * i / SampleRateHz));
        }

        var output = new StereoRender(length);
        output.Block(processor, left, left, 0, 0,
            new ParameterQueues().Add(ParameterId.PercussiveLevel, 0, 0.0).Add(ParameterId.HarmonicLevel, 0, 0.0));
        const int rampStart = 4096;
        const int rampLength = 24000;
        for (var start = 0; start < length; start += 256)
        {
            var count = Math.Min(256, length - start);
            var changes = new ParameterQueues();
            for (var k = 63; k < count; k += 64)
            {
                var t = Math.Clamp((start + k - rampStart) / (double)rampLength, 0, 1);
                changes.Add(ParameterId.HarmonicLevel, k, t);
            }

            output.Block(processor, left, left, start, count, changes);
        }

        // y = g h with g rising to 3.98: each step is at most g_max times the stem's own step plus the gain's own
        // slope times the stem's peak. The per-point gain change is about 3.98 * 3 * 64 / 24000 = 0.03, so a stepped
        // (unsmoothed) gain would add a jump of about 0.03 * 0.125 = 0.004 and fail this bound.
        var stemStep = MaxStep(output.HarmonicLeft);
        var stemPeak = TestSignals.Peak(output.HarmonicLeft);
        var slope = FaderLaw.MaxGain * 3.0 / rampLength;
        var bound = (FaderLaw.MaxGain * stemStep) + (stemPeak * slope * 2);
        Assert.True(MaxStep(output.MainLeft) <= bound, $"max step {MaxStep(output.MainLeft)} > bound {bound}");
        Assert.True(TestSignals.Peak(output.MainLeft.AsSpan(length - 4000)) > 3.5f * 0.25f * 0.5f);
    }

    [Fact]
    public void VaryingBlockSizesFrom1To8192_GiveBitIdenticalOutput()
    {
        var (left, right) = TestSignals.Music(100_000, SampleRateHz, 6);
        var events = new (int Position, ParameterId Id, double Plain)[]
        {
            (7000, ParameterId.Balance, 60),
            (31111, ParameterId.PercussiveLevel, -12),
            (52000, ParameterId.Output, 1),
            (64000, ParameterId.SpatialModel, 0),
            (80000, ParameterId.Bypass, 1),
        };

        var reference = RenderInBlocks(left, right, events, _ => MaxBlock);
        var random = new Random(42);
        var varying = RenderInBlocks(left, right, events, _ => random.Next(4) == 0 ? random.Next(1, 16) : random.Next(1, MaxBlock + 1));
        Assert.Equal(reference.MainLeft, varying.MainLeft);
        Assert.Equal(reference.MainRight, varying.MainRight);
        Assert.Equal(reference.HarmonicLeft, varying.HarmonicLeft);
        Assert.Equal(reference.PercussiveRight, varying.PercussiveRight);
    }

    [Fact]
    public void Flush_WithZeroSamples_AppliesParameterChanges()
    {
        var processor = Active();
        processor.Process(default, default, default, default, 0, new ParameterQueues().Add(ParameterId.Bypass, 0, 1.0).AddPlain(ParameterId.Balance, 0, -50));
        Assert.Equal(1.0, processor.GetNormalized(ParameterId.Bypass));
        Assert.Equal(-50.0, ParameterTable.Get(ParameterId.Balance).ToPlain(processor.GetNormalized(ParameterId.Balance)), 9);
        PluginStateFormat.TryDeserialize(processor.SaveState(), out var saved);
        Assert.Equal(1.0, saved!.Get(ParameterId.Bypass));
    }

    [Fact]
    public void EmptyQueues_UnknownIds_AndReadOnlyParameters_AreIgnored()
    {
        var processor = Active();
        var before = processor.SaveState();
        processor.Process(default, default, default, default, 0, new ParameterQueues()
            .AddEmpty(ParameterId.Balance)
            .Add(424242u, 0, 0.3)
            .Add(ParameterId.Latency, 0, 0.9));
        Assert.Equal(before, processor.SaveState());
        Assert.Equal(processor.LatencySamples,
            (int)Math.Round(ParameterTable.Get(ParameterId.Latency).ToPlain(processor.GetNormalized(ParameterId.Latency))));
    }

    [Fact]
    public void LatencyChange_IsHeldUntilReactivation_ThenAdopted()
    {
        var processor = Active();
        var before = processor.LatencySamples;
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.Iterations, 0, 4));
        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { Iterations = 4 });
        Assert.NotEqual(before, wanted);

        // Still running with the old latency: reported and measured.
        Assert.Equal(before, processor.LatencySamples);
        Assert.Equal(wanted, processor.PendingLatencySamples);
        Assert.Equal(wanted, (int)Math.Round(ParameterTable.Get(ParameterId.Latency).ToPlain(processor.GetNormalized(ParameterId.Latency))));
        Assert.Equal(before, MeasureLatency(processor, wanted + 2000));

        processor.Deactivate();
        processor.Activate(SampleRateHz, MaxBlock, 2);
        Assert.Equal(wanted, processor.LatencySamples);
        Assert.Equal(wanted, processor.PendingLatencySamples);
        Assert.Equal(wanted, MeasureLatency(processor, wanted + 2000));
    }

    [Theory]
    [InlineData(LatencyMode.Live)]
    [InlineData(LatencyMode.Balanced)]
    [InlineData(LatencyMode.Studio)]
    [InlineData(LatencyMode.Instant)]
    public void MethodChange_IsOneSteppedLatencyChange_HeldUntilReactivation_InEveryLatencyMode(LatencyMode mode)
    {
        // A new instance runs hires; switching to the paper is a stepped latency-affecting change (one restart),
        // except in Instant, which runs its own estimator whatever the method (no latency change, applied at once).
        var processor = new KamHpProcessor();
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.LatencyMode, 0, (double)mode));
        processor.Activate(SampleRateHz, MaxBlock, 2);
        var before = processor.LatencySamples;
        Assert.Equal(KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = mode }), before);
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.Method, 0, (double)SeparationMethod.Paper));
        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, new EngineSettings { LatencyMode = mode, Method = SeparationMethod.Paper });
        Assert.Equal(mode == LatencyMode.Instant, before == wanted);
        Assert.Equal(wanted, processor.PendingLatencySamples);
        Assert.Equal(before, MeasureLatency(processor, Math.Max(before, wanted) + 2000));

        processor.Deactivate();
        processor.Activate(SampleRateHz, MaxBlock, 2);
        Assert.Equal(wanted, processor.LatencySamples);
        Assert.Equal(wanted, MeasureLatency(processor, wanted + 2000));
    }

    [Fact]
    public void LatencyQuery_WhileActive_AdoptsTheHeldBackChange_AndTheAudioFollowsFromTheNextBlock()
    {
        // Hosts such as Ardour 7 answer restartComponent(kLatencyChanged) by re-querying the latency, not re-activating.
        var processor = Active();
        var before = processor.LatencySamples;
        Assert.Equal(before, processor.QueryLatencySamples(SampleRateHz));
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.LatencyMode, 0, (double)LatencyMode.Live));
        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = LatencyMode.Live });
        Assert.Equal(before, processor.LatencySamples);

        Assert.Equal(wanted, processor.QueryLatencySamples(SampleRateHz));
        Assert.Equal(wanted, processor.LatencySamples);
        Assert.True(processor.IsActive);

        // The engine switches within its restart fade; from then on the audio has the new latency.
        var silence = new float[4096];
        StereoRender.Run(processor, silence, silence, 512);
        Assert.Equal(wanted, MeasureLatency(processor, before + 2000));
    }

    [Fact]
    public void LatencySwitch_WhileRunning_HasNoClick()
    {
        var processor = Active();
        var length = processor.LatencySamples + 40000;
        var sine = new float[length];
        for (var i = 0; i < length; i++)
        {
            sine[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 200 * i / SampleRateHz));
        }

        var output = new StereoRender(length);
        var switchAt = processor.LatencySamples + 10000;
        output.Block(processor, sine, sine, 0, switchAt);
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.LatencyMode, 0, (double)LatencyMode.Live));
        processor.QueryLatencySamples(SampleRateHz);
        output.Block(processor, sine, sine, switchAt, length - switchAt);

        // The engine fades out and back in over KamHpEngine.RestartFadeSeconds: each step is at most the sine's own step
        // plus the peak divided by the fade length (with margin for the fade's shape).
        var fadeSamples = KamHpEngine.RestartFadeSeconds * SampleRateHz;
        var bound = MaxStep(sine) + (2.0 * 0.5 / fadeSamples);
        Assert.True(MaxStep(output.MainLeft) <= bound, $"max step {MaxStep(output.MainLeft)} > {bound}");
        Assert.True(TestSignals.Peak(output.MainLeft.AsSpan(length - 5000)) > 0.45f);
    }

    [Fact]
    public void LatencyQuery_WhenInactive_ReturnsTheLatencyTheNextActivationGets()
    {
        var processor = new KamHpProcessor();
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.Iterations, 0, 3));
        var expected = KamHpEngine.ComputeLatencySamples(44100, PluginDefaults.Engine with { Iterations = 3 });
        Assert.Equal(expected, processor.QueryLatencySamples(44100));
        processor.Activate(44100, 512, 2);
        Assert.Equal(expected, processor.LatencySamples);
    }

    [Fact]
    public void LoadState_WhileActive_MakesTheNewLatencyPendingAtOnce_BeforeAnyProcessCall()
    {
        var processor = Active();
        var state = PluginState.Default.WithPlain(ParameterId.LatencyMode, (double)LatencyMode.Balanced);
        Assert.Equal(StateReadStatus.Ok, processor.LoadState(PluginStateFormat.Serialize(state)));
        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = LatencyMode.Balanced });
        Assert.Equal(wanted, processor.PendingLatencySamples);
        Assert.Equal(wanted, processor.QueryLatencySamples(SampleRateHz));
        var silence = new float[4096];
        StereoRender.Run(processor, silence, silence, 512);
        Assert.Equal(wanted, MeasureLatency(processor, 30000));
    }

    [Fact]
    public void StructuralChange_ThatKeepsTheLatency_NeedsNoReactivation()
    {
        var processor = Active();
        processor.Process(default, default, default, default, 0, new ParameterQueues()
            .AddPlain(ParameterId.SpatialModel, 0, 0)
            .AddPlain(ParameterId.MaskSharpness, 0, 2)
            .AddPlain(ParameterId.PercussiveKernel, 0, 300));
        Assert.Equal(processor.LatencySamples, processor.PendingLatencySamples);
    }

    [Fact]
    public void LoadedState_WithNewLatency_IsPendingUntilReactivation()
    {
        var processor = Active();
        var before = processor.LatencySamples;
        Assert.Equal(StateReadStatus.Ok,
            processor.LoadState(PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.LatencyMode, (double)LatencyMode.Live))));
        processor.Process(default, default, default, default, 0, null);
        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = LatencyMode.Live });
        Assert.Equal(before, processor.LatencySamples);
        Assert.Equal(wanted, processor.PendingLatencySamples);
        processor.Deactivate();
        processor.Activate(SampleRateHz, MaxBlock, 2);
        Assert.Equal(wanted, processor.LatencySamples);
    }

    [Fact]
    public void SaveState_RightAfterLoadState_ReturnsTheLoadedValues_BeforeAnyProcessCall()
    {
        var processor = Active();
        var state = PluginState.Default.WithPlain(ParameterId.Balance, 25).WithPlain(ParameterId.Bypass, 1);
        processor.LoadState(PluginStateFormat.Serialize(state));
        Assert.Equal(PluginStateFormat.Serialize(state), processor.SaveState());
    }

    [Fact]
    public void Process_AllocatesNothing_UnderContinuousAutomation()
    {
        var processor = Active();
        var (left, right) = TestSignals.Music(512, SampleRateHz, 7);
        var output = new StereoRender(512);
        var changes = new ParameterQueues();
        for (var k = 0; k < 512; k += 32)
        {
            changes.Add(ParameterId.Balance, k, k / 512.0).Add(ParameterId.HarmonicLevel, k, 1 - (k / 1024.0));
        }

        changes.Add(ParameterId.Output, 300, 0.5).Add(ParameterId.Bypass, 400, 1.0);
        // Warm up past tiered JIT compilation, whose bookkeeping can allocate on this thread.
        for (var i = 0; i < 3000; i++)
        {
            output.Block(processor, left, right, 0, 512, changes);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            output.Block(processor, left, right, 0, 512, changes);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Process_AllocatesNothing_WhenStructuralParametersChange()
    {
        // Spatial model, mask sharpness and both kernels change at a frame boundary without a latency change (Live
        // mode: no look-ahead, so the kernel lengths do not move the latency); every change builds new engine settings
        // on the audio thread, which must stay allocation-free.
        var processor = new KamHpProcessor();
        processor.Process(default, default, default, default, 0, new ParameterQueues().AddPlain(ParameterId.LatencyMode, 0, (double)LatencyMode.Live));
        processor.Activate(SampleRateHz, MaxBlock, 2);
        var (left, right) = TestSignals.Music(512, SampleRateHz, 11);
        var output = new StereoRender(512);
        var toggles = new[]
        {
            new ParameterQueues().AddPlain(ParameterId.SpatialModel, 100, 0).AddPlain(ParameterId.MaskSharpness, 200, 2).AddPlain(ParameterId.HarmonicKernel, 300, 250),
            new ParameterQueues().AddPlain(ParameterId.SpatialModel, 100, 1).AddPlain(ParameterId.MaskSharpness, 200, 1).AddPlain(ParameterId.PercussiveKernel, 300, 300),
            new ParameterQueues().AddPlain(ParameterId.HarmonicKernel, 50, 400).AddPlain(ParameterId.PercussiveKernel, 60, 150),
        };
        for (var i = 0; i < 3000; i++)
        {
            output.Block(processor, left, right, 0, 512, toggles[i % toggles.Length]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            output.Block(processor, left, right, 0, 512, toggles[i % toggles.Length]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void MonoLayout_ProcessesOneChannel()
    {
        var processor = new KamHpProcessor();
        processor.Activate(SampleRateHz, MaxBlock, 1);
        var input = TestSignals.Music(processor.LatencySamples + 5000, SampleRateHz, 8).Left;
        var output = new float[input.Length];
        for (var start = 0; start < input.Length; start += 1000)
        {
            var n = Math.Min(1000, input.Length - start);
            processor.Process(new AudioBuffer(input.AsSpan(start, n)), new AudioBuffer(output.AsSpan(start, n)), default, default, n, null);
        }

        AssertDelayed(input, output, processor.LatencySamples, NullTolerance);
    }

    [Fact]
    public void InPlaceBuffers_GiveTheSameOutputAsSeparateBuffers()
    {
        var (left, right) = TestSignals.Music(20000, SampleRateHz, 9);
        var separate = StereoRender.Run(Active(), left, right, 700);
        var processor = Active();
        var l = (float[])left.Clone();
        var r = (float[])right.Clone();
        for (var start = 0; start < l.Length; start += 700)
        {
            var n = Math.Min(700, l.Length - start);
            processor.Process(
                new AudioBuffer(l.AsSpan(start, n), r.AsSpan(start, n)), new AudioBuffer(l.AsSpan(start, n), r.AsSpan(start, n)), default, default, n, null);
        }

        Assert.Equal(separate.MainLeft, l);
        Assert.Equal(separate.MainRight, r);
    }

    [Fact]
    public void Inactive_Process_SilencesOutputs_ButRecordsParameters()
    {
        var processor = new KamHpProcessor();
        var output = new float[64];
        Array.Fill(output, 1f);
        processor.Process(new AudioBuffer(new float[64]), new AudioBuffer(output), default, default, 64,
            new ParameterQueues().AddPlain(ParameterId.Iterations, 10, 7));
        Assert.All(output, v => Assert.Equal(0f, v));
        Assert.Equal(7.0, ParameterTable.Get(ParameterId.Iterations).ToPlain(processor.GetNormalized(ParameterId.Iterations)));
    }

    [Fact]
    public void TenInstances_InOneProcess_RunConcurrently_WithoutCrossTalk()
    {
        var latency = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine);
        var (left, right) = TestSignals.Music(latency + 10000, SampleRateHz, 10);
        var expected = new StereoRender[10];
        for (var k = 0; k < 10; k++)
        {
            expected[k] = RenderWithBalance(left, right, (k * 10) - 90);
        }

        var actual = new StereoRender[10];
        Parallel.For(0, 10, k => actual[k] = RenderWithBalance(left, right, (k * 10) - 90));
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(expected[k].MainLeft, actual[k].MainLeft);
        }

        Assert.NotEqual(actual[0].MainLeft, actual[9].MainLeft);
    }

    private static StereoRender RenderWithBalance(float[] left, float[] right, double balance)
    {
        var processor = Active();
        var output = new StereoRender(left.Length);
        output.Block(processor, left, right, 0, 0, new ParameterQueues().AddPlain(ParameterId.Balance, 0, balance));
        for (var start = 0; start < left.Length; start += 333)
        {
            output.Block(processor, left, right, start, Math.Min(333, left.Length - start));
        }

        return output;
    }

    private static StereoRender RenderInBlocks(float[] left, float[] right, (int Position, ParameterId Id, double Plain)[] events, Func<int, int> nextBlockSize)
    {
        var processor = Active();
        var output = new StereoRender(left.Length);
        var start = 0;
        while (start < left.Length)
        {
            var count = Math.Min(nextBlockSize(start), left.Length - start);
            var changes = new ParameterQueues();
            foreach (var e in events)
            {
                if (e.Position >= start && e.Position < start + count)
                {
                    changes.AddPlain(e.Id, e.Position - start, e.Plain);
                }
            }

            output.Block(processor, left, right, start, count, changes);
            start += count;
        }

        return output;
    }

    private static int MeasureLatency(KamHpProcessor processor, int length)
    {
        var input = TestSignals.Impulse(length, 100);
        var output = StereoRender.Run(processor, input, input, 1024);
        return TestSignals.PeakIndex(output.MainLeft) - 100;
    }

    private static KamHpProcessor Active()
    {
        var processor = new KamHpProcessor();
        processor.Activate(SampleRateHz, MaxBlock, 2);
        return processor;
    }

    private static void AssertDelayed(float[] input, float[] output, int latency, float relativeTolerance)
    {
        var tolerance = relativeTolerance * Math.Max(1e-6f, TestSignals.Peak(input));
        for (var i = 0; i < output.Length; i++)
        {
            var expected = i >= latency ? input[i - latency] : 0f;
            if (Math.Abs(expected - output[i]) > tolerance)
            {
                Assert.Fail($"sample {i}: expected {expected}, got {output[i]} (latency {latency})");
            }
        }
    }

    private static double MaxStep(ReadOnlySpan<float> x)
    {
        var max = 0.0;
        for (var i = 1; i < x.Length; i++)
        {
            max = Math.Max(max, Math.Abs(x[i] - x[i - 1]));
        }

        return max;
    }
}
