using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;
using KamHp.Tests.Plugin;
using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Vst3;

/// <summary>
/// Loads the published KamHp.so into this process the way a VST3 host does and drives it through the binary
/// interface only: exports, factory, query interface, initialize, connect, setup, activate, process, state, terminate,
/// unload. Checks the audio, not only the return codes.
/// </summary>
[Collection(SharedVst3Bundle.Name)]
public sealed unsafe class HostLikeLoadTests(Vst3BundleFixture bundle)
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;

    private static readonly Guid s_processorCid = new("96339A97-70C7-44AD-BCB9-BF01130AAEF3");
    private static readonly Guid s_controllerCid = new("1D5C4E0B-25DE-44C7-BFC6-FFAA5A752221");

    [Fact]
    public void FullHostLifecycle_TwiceInOneProcess_ProcessesAudioCorrectly()
    {
        for (var cycle = 0; cycle < 2; cycle++)
        {
            using var module = LoadedModule.Load(bundle.SharedLibraryPath);
            Assert.Equal(1, module.EntryResult);
            Assert.NotEqual(0, module.Factory);
            Assert.NotEqual(0, PluginApi.Query(module.Factory, Vst3Ids.PluginFactory3));
            PluginApi.Release(module.Factory);

            using (var instance = PluginInstance.Create(module, s_processorCid))
            {
                Assert.Equal(s_controllerCid, instance.ControllerClassId);
                Assert.Equal(0u, PluginApi.GetProcessContextRequirements(instance.ContextRequirements));
                instance.Setup(SampleRateHz, BlockSize);
                instance.Activate();
                var latency = (int)instance.LatencySamples;
                Assert.Equal(KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine), latency);

                // Unity: mix == input delayed by the latency; stems sum to it too.
                var (left, right) = TestSignals.Music(latency + 12000, SampleRateHz, 100 + cycle);
                var run = Vst3Audio.Run(instance, [left, right], BlockSize);
                Vst3Audio.AssertDelayed(left, run.Main[0], latency);
                Vst3Audio.AssertDelayed(right, run.Main[1], latency);
                Vst3Audio.AssertDelayed(left, Sum(run.Harmonic[0], run.Percussive[0]), latency);

                // A parameter point at a sample offset inside a block, then a flush with numSamples = 0.
                var main = new[] { new float[BlockSize], new float[BlockSize] };
                var changes = new HostParameterChanges().Add((uint)ParameterId.HarmonicLevel, 300, 0.0);
                Assert.Equal(0, instance.Process([left, right], main, null, null, 0, BlockSize, changes).Status);
                Assert.Equal(0, instance.Flush(new HostParameterChanges().Add((uint)ParameterId.Bypass, 0, 1.0)));
                Assert.Equal(0, instance.Flush(null));
                var state = Deserialize(instance.GetState());
                Assert.Equal(0.0, state.Get(ParameterId.HarmonicLevel));
                Assert.Equal(1.0, state.Get(ParameterId.Bypass));
                instance.Deactivate();
            }

            module.Dispose();
            Assert.Equal(1, module.ExitResult);
        }
    }

    [Fact]
    public void Factory_DescribesOneEffectAndItsController()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        FactoryInfo info;
        Assert.Equal(0, PluginApi.GetFactoryInfo(module.Factory, &info));
        Assert.Equal(16, info.Flags & 16);
        Assert.Equal(2, PluginApi.CountClasses(module.Factory));
        var classes = new List<(string Cid, string Category, string Name, string Sub, string Sdk)>();
        for (var i = 0; i < 2; i++)
        {
            ClassInfoW c;
            Assert.Equal(0, PluginApi.GetClassInfoUnicode(module.Factory, i, &c));
            classes.Add((Vst3Ids.ToVst3String(Vst3Ids.Read(c.Cid)), Ascii(c.Category), new string(c.Name), Ascii(c.SubCategories), new string(c.SdkVersion)));
        }

        ClassInfoW bad;
        Assert.NotEqual(0, PluginApi.GetClassInfoUnicode(module.Factory, 2, &bad));
        Assert.Equal(("96339A9770C744ADBCB9BF01130AAEF3", "Audio Module Class", "KamHp", "Fx|Tools", "VST 3.7.14"), classes[0]);
        Assert.Equal(("1D5C4E0B25DE44C7BFC6FFAA5A752221", "Component Controller Class", "KamHp Controller", "", "VST 3.7.14"), classes[1]);
        Assert.NotEqual(0, PluginApi.CreateInstance(module.Factory, Guid.NewGuid(), Vst3Ids.Component, out var none));
        Assert.Equal(0, none);
    }

    [Fact]
    public void Buses_AreStereoMainInAndOut_PlusTwoInactiveStereoAuxOuts_AndMonoIsAccepted()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        Assert.Equal(1, PluginApi.GetBusCount(instance.Component, 0, 0));
        Assert.Equal(3, PluginApi.GetBusCount(instance.Component, 0, 1));
        Assert.Equal(0, PluginApi.GetBusCount(instance.Component, 1, 0));
        var expected = new[] { ("Mix", 0, 1u), ("Harmonic", 1, 0u), ("Percussive", 1, 0u) };
        for (var i = 0; i < 3; i++)
        {
            BusInfoData bus;
            Assert.Equal(0, PluginApi.GetBusInfo(instance.Component, 0, 1, i, &bus));
            Assert.Equal(expected[i], (new string(bus.Name), bus.BusType, bus.Flags));
            Assert.Equal(2, bus.ChannelCount);
        }

        Assert.Equal(1, PluginApi.SetBusArrangements(instance.Processor, [0x7], [0x7, 0x7, 0x7]));
        Assert.Equal(0, PluginApi.SetBusArrangements(instance.Processor, [PluginInstance.Mono], [PluginInstance.Mono, PluginInstance.Mono, 0]));
        Assert.Equal(0, PluginApi.GetBusArrangement(instance.Processor, 1, 0, out var arrangement));
        Assert.Equal(PluginInstance.Mono, arrangement);
        Assert.Equal(0, PluginApi.CanProcessSampleSize(instance.Processor, 0));
        Assert.Equal(1, PluginApi.CanProcessSampleSize(instance.Processor, 1));
    }

    [Fact]
    public void MonoLayout_ProcessesOneChannel_AsTheNullTest()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(44100, 1024, mono: true);
        instance.Activate();
        var latency = (int)instance.LatencySamples;
        var input = TestSignals.Music(latency + 5000, 44100, 7).Left;
        var run = Vst3Audio.Run(instance, [input], 1024);
        Vst3Audio.AssertDelayed(input, run.Main[0], latency);
    }

    [Fact]
    public void ControllerParameters_MatchTheModelTable_WithFlagsTextAndValues()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        Assert.Equal(ParameterTable.Count, PluginApi.GetParameterCount(instance.Controller));
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            var p = ParameterTable.All[i];
            ParameterInfoData info;
            Assert.Equal(0, PluginApi.GetParameterInfo(instance.Controller, i, &info));
            Assert.Equal((uint)p.Id, info.Id);
            Assert.Equal(p.Title, new string(info.Title));
            Assert.Equal(p.Units, new string(info.Units));
            Assert.Equal(p.StepCount, info.StepCount);
            Assert.Equal(p.DefaultNormalized, info.DefaultNormalizedValue);
            Assert.Equal(0, info.UnitId);
            var flags = (p.Has(ParameterTraits.Automatable) ? 1 : 0) | (p.Has(ParameterTraits.ReadOnly) ? 2 : 0)
                | (p.Has(ParameterTraits.List) ? 8 : 0) | (p.Has(ParameterTraits.Bypass) ? 0x10000 : 0);
            Assert.Equal(flags, info.Flags);
            Assert.Equal(p.DefaultNormalized, PluginApi.GetParamNormalized(instance.Controller, info.Id));
            Assert.Equal(p.Format(0.25), PluginApi.GetParamString(instance.Controller, info.Id, 0.25));
        }

        ParameterInfoData outside;
        Assert.NotEqual(0, PluginApi.GetParameterInfo(instance.Controller, ParameterTable.Count, &outside));
        Assert.Equal("-inf", PluginApi.GetParamString(instance.Controller, (uint)ParameterId.HarmonicLevel, 0.0));
        Assert.Equal(0, PluginApi.GetParamValueByString(instance.Controller, (uint)ParameterId.LatencyMode, "Balanced", out var balanced));
        Assert.Equal(ParameterTable.Get(ParameterId.LatencyMode).ToNormalized((double)LatencyMode.Balanced), balanced);
        Assert.Equal(1, PluginApi.GetParamValueByString(instance.Controller, (uint)ParameterId.LatencyMode, "Loud", out _));
        Assert.Equal(-6.0, PluginApi.NormalizedToPlain(instance.Controller, (uint)ParameterId.PercussiveLevel, FaderLaw.DbToNormalized(-6)), 9);

        // -inf dB is shown as a finite floor to hosts that work in plain values, and maps back to silence.
        Assert.Equal(-120.0, PluginApi.NormalizedToPlain(instance.Controller, (uint)ParameterId.PercussiveLevel, 0.0));
        Assert.Equal(0.0, PluginApi.PlainToNormalized(instance.Controller, (uint)ParameterId.PercussiveLevel, -120.0));
        Assert.Equal(0, PluginApi.CreateView(instance.Controller));
    }

    [Fact]
    public void State_RoundTrips_AndTruncatedForeignOrDamagedStateIsRefused_KeepingThePreviousState()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        var wanted = PluginState.Default.WithPlain(ParameterId.Balance, -35).WithPlain(ParameterId.Iterations, 3).WithPlain(ParameterId.Bypass, 1);
        var bytes = PluginStateFormat.Serialize(wanted);
        Assert.Equal(0, instance.SetState(bytes));
        Assert.Equal(bytes, instance.GetState());
        Assert.Equal(0, instance.SetControllerComponentState(bytes));
        Assert.Equal(1.0, PluginApi.GetParamNormalized(instance.Controller, (uint)ParameterId.Bypass));

        var damaged = (byte[])bytes.Clone();
        damaged[40] ^= 0x01;
        var refused = new[] { Array.Empty<byte>(), bytes[..^2], bytes[..10], "FXP0 not ours at all"u8.ToArray(), damaged };
        foreach (var data in refused)
        {
            Assert.Equal(1, instance.SetState(data));
            Assert.Equal(bytes, instance.GetState());
            Assert.Equal(1, instance.SetControllerComponentState(data));
            Assert.Equal(wanted.Get(ParameterId.Balance), PluginApi.GetParamNormalized(instance.Controller, (uint)ParameterId.Balance));
        }

        // The state reaches the audio: bypass is on, so after the fade the output is the dry input, delayed.
        var latency = (int)instance.LatencySamples;
        var (left, right) = TestSignals.Music(latency + 8000, SampleRateHz, 3);
        var run = Vst3Audio.Run(instance, [left, right], BlockSize);
        var fade = (int)(0.02 * SampleRateHz);
        for (var i = latency + fade; i < left.Length; i++)
        {
            Assert.Equal(left[i - latency], run.Main[0][i]);
        }
    }

    [Fact]
    public void LatencyChange_IsReportedToTheController_WhichAsksForARestart_AndReactivationAdoptsIt()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        var before = (int)instance.LatencySamples;
        var left = new float[BlockSize];

        // The first block reports the active latency: no restart.
        var first = instance.Process([left, left], [new float[BlockSize], new float[BlockSize]], null, null, 0, BlockSize);
        instance.ForwardToController(first.OutputChanges);
        Assert.Empty(instance.Handler.RestartFlags);

        // The host automates Latency mode to Live at sample 200.
        var changes = new HostParameterChanges().Add((uint)ParameterId.LatencyMode, 200, 0.0);
        var result = instance.Process([left, left], [new float[BlockSize], new float[BlockSize]], null, null, 0, BlockSize, changes);
        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = LatencyMode.Live });
        Assert.NotEqual(before, wanted);
        var reported = result.OutputChanges.LastValue((uint)ParameterId.Latency);
        Assert.NotNull(reported);
        Assert.Equal(wanted, (int)Math.Round(ParameterTable.Get(ParameterId.Latency).ToPlain(reported.Value)));

        // Until the host acts on it, the audio keeps the latency the host knows.
        var probe = TestSignals.Impulse(before + 1000, 10);
        Assert.Equal(10 + before, TestSignals.PeakIndex(Vst3Audio.Run(instance, [probe, probe], BlockSize).Main[0]));

        instance.ForwardToController(result.OutputChanges);
        Assert.Equal([8], instance.Handler.RestartFlags);

        // What a host that follows the VST3 spec does on kLatencyChanged.
        instance.Deactivate();
        instance.Activate();
        Assert.Equal(wanted, (int)instance.LatencySamples);
        var impulse = TestSignals.Impulse(wanted + 3000, 50);
        var run = Vst3Audio.Run(instance, [impulse, impulse], BlockSize, forwardTo: instance);
        Assert.Equal(50 + wanted, TestSignals.PeakIndex(run.Main[0]));
        Assert.Equal([8], instance.Handler.RestartFlags);
    }

    [Fact]
    public void LatencyChange_InAHostThatOnlyReQueriesTheLatency_IsAdoptedOnTheQuery()
    {
        // Ardour 7 answers kLatencyChanged by dropping its cached latency and asking again, without re-activating.
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        var before = (int)instance.LatencySamples;
        var silence = new float[BlockSize];
        var changes = new HostParameterChanges().Add((uint)ParameterId.Iterations, 0, ParameterTable.Get(ParameterId.Iterations).ToNormalized(1));
        var result = instance.Process([silence, silence], [new float[BlockSize], new float[BlockSize]], null, null, 0, BlockSize, changes);
        instance.ForwardToController(result.OutputChanges);
        Assert.Equal([8], instance.Handler.RestartFlags);

        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { Iterations = 1 });
        Assert.NotEqual(before, wanted);
        Assert.Equal(wanted, (int)instance.LatencySamples);
        var silence2 = new float[4096];
        Vst3Audio.Run(instance, [silence2, silence2], BlockSize, forwardTo: instance);
        var impulse = TestSignals.Impulse(wanted + 3000, 70);
        var run = Vst3Audio.Run(instance, [impulse, impulse], BlockSize, forwardTo: instance);
        Assert.Equal(70 + wanted, TestSignals.PeakIndex(run.Main[0]));
    }

    [Fact]
    public void LoadingAStateWithOtherLatencySettings_AsksTheHostForALatencyRestart()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        var bytes = PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.LatencyMode, (double)LatencyMode.Live));
        Assert.Equal(0, instance.SetState(bytes));
        Assert.Equal(0, instance.SetControllerComponentState(bytes));
        Assert.Equal([8], instance.Handler.RestartFlags);
        Assert.Equal(KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = LatencyMode.Live }), (int)instance.LatencySamples);
    }

    [Fact]
    public void VaryingBlockSizesFrom1To8192_AndFlushesBetweenThem_KeepTheNullTest()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, 8192);
        instance.Activate();
        var latency = (int)instance.LatencySamples;
        var (left, right) = TestSignals.Music(latency + 60000, SampleRateHz, 11);
        var main = new[] { new float[left.Length], new float[left.Length] };
        var random = new Random(5);
        for (var start = 0; start < left.Length;)
        {
            var count = Math.Min(random.Next(3) == 0 ? random.Next(1, 9) : random.Next(1, 8193), left.Length - start);
            Assert.Equal(0, instance.Process([left, right], main, null, null, start, count).Status);
            if (random.Next(5) == 0)
            {
                Assert.Equal(0, instance.Flush(null));
            }

            start += count;
        }

        Vst3Audio.AssertDelayed(left, main[0], latency);
        Vst3Audio.AssertDelayed(right, main[1], latency);
    }

    [Fact]
    public void TenInstances_InOneProcess_ProcessIndependently()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        var instances = new List<PluginInstance>();
        try
        {
            for (var k = 0; k < 10; k++)
            {
                var instance = PluginInstance.Create(module, s_processorCid);
                instances.Add(instance);
                instance.Setup(SampleRateHz, BlockSize);
                instance.Activate();
                Assert.Equal(0, instance.Flush(new HostParameterChanges()
                    .Add((uint)ParameterId.Output, 0, 0.5)
                    .Add((uint)ParameterId.HarmonicLevel, 0, FaderLaw.DbToNormalized(-2.0 * k))));
            }

            var latency = (int)instances[0].LatencySamples;
            var (left, right) = TestSignals.Music(latency + 6000, SampleRateHz, 12);
            var runs = instances.Select(i => Vst3Audio.Run(i, [left, right], BlockSize)).ToList();
            var tail = left.Length - 2000;
            for (var k = 0; k < 10; k++)
            {
                // Harmonic solo at -2k dB: main == gain * harmonic stem, each instance with its own gain.
                var gain = Math.Pow(10, -2.0 * k / 20);
                for (var i = tail; i < left.Length; i++)
                {
                    Assert.Equal(gain * runs[k].Harmonic[1][i], runs[k].Main[1][i], 1e-5);
                }
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                instance.Dispose();
            }
        }
    }

    private static float[] Sum(float[] a, float[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    private static PluginState Deserialize(byte[] bytes)
    {
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(bytes, out var state));
        return state!;
    }

    private static string Ascii(byte* text) => System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)text) ?? "";
}
