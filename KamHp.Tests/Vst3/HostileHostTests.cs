using AudioPlugSharp.KamHp.Parameters;
using KamHp.Tests.Plugin;
using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Vst3;

/// <summary>
/// Hosts that lie about counts and pointers, driven against the published KamHp.so. Host memory ends at guard pages, so
/// a plug-in touching anything the host did not hand over kills the test process (SIGSEGV) instead of passing quietly.
/// </summary>
[Collection(SharedVst3Bundle.Name)]
public sealed unsafe class HostileHostTests(Vst3BundleFixture bundle)
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;
    private const float StaleHostData = 0.75f;

    [Fact]
    public void CarlaProcessData_ChannelCountsAsBusCounts_WithOneBusStructPerSide_TouchesOnlyBusZero_AndZeroesUnwrittenChannels()
    {
        // Carla 2.5.10: numInputs = 2, numOutputs = 6 (its channel counts), ONE AudioBusBuffers per side, the output one
        // holding all 6 channels. Everything past those structs, pointer arrays and channels is a guard page.
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, SampleRateHz, BlockSize);
        var latency = (int)instance.LatencySamples;
        var length = ((latency + 4096) / BlockSize + 1) * BlockSize;
        var (left, right) = TestSignals.Music(length, SampleRateHz, 21);
        var main = new[] { new float[length], new float[length] };
        using var memory = new GuardedAllocations();
        var input = memory.Bus(2, BlockSize);
        var output = memory.Bus(6, BlockSize);
        var data = memory.New<ProcessDataBlock>(1);
        for (var start = 0; start < length; start += BlockSize)
        {
            left.AsSpan(start, BlockSize).CopyTo(new Span<float>(input->Channels[0], BlockSize));
            right.AsSpan(start, BlockSize).CopyTo(new Span<float>(input->Channels[1], BlockSize));
            for (var c = 0; c < 6; c++)
            {
                new Span<float>(output->Channels[c], BlockSize).Fill(StaleHostData);
            }

            *data = new ProcessDataBlock { NumSamples = BlockSize, NumInputs = 2, NumOutputs = 6, Inputs = input, Outputs = output };
            Assert.Equal(0, PluginApi.Process(instance.Processor, data));
            new Span<float>(output->Channels[0], BlockSize).CopyTo(main[0].AsSpan(start));
            new Span<float>(output->Channels[1], BlockSize).CopyTo(main[1].AsSpan(start));
            for (var c = 2; c < 6; c++)
            {
                Assert.True(new Span<float>(output->Channels[c], BlockSize).IndexOfAnyExcept(0f) < 0, $"channel {c} keeps stale host data");
                Assert.NotEqual(0UL, output->SilenceFlags & (1UL << c));
            }
        }

        Vst3Audio.AssertDelayed(left, main[0], latency);
        Vst3Audio.AssertDelayed(right, main[1], latency);
    }

    [Fact]
    public void NullBusArraysNullChannelPointersAndFlushes_AreNormal_AndTouchNoHostMemory()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, SampleRateHz, BlockSize);
        using var memory = new GuardedAllocations();
        var data = memory.New<ProcessDataBlock>(1);

        // A flush (numSamples = 0) with bus counts pointing at memory that must not be touched at all.
        var forbidden = memory.Forbidden<AudioBuffers>();
        *data = new ProcessDataBlock { NumSamples = 0, NumInputs = 1, NumOutputs = 3, Inputs = forbidden, Outputs = forbidden };
        Assert.Equal(0, PluginApi.Process(instance.Processor, data));

        // Null bus arrays with non-zero counts.
        *data = new ProcessDataBlock { NumSamples = BlockSize, NumInputs = 1, NumOutputs = 3 };
        Assert.Equal(0, PluginApi.Process(instance.Processor, data));

        // A null input: silence in, so silence out (with its silence flags), over a stale output.
        var output = memory.Bus(2, BlockSize);
        new Span<float>(output->Channels[0], BlockSize).Fill(StaleHostData);
        new Span<float>(output->Channels[1], BlockSize).Fill(StaleHostData);
        *data = new ProcessDataBlock { NumSamples = BlockSize, NumInputs = 1, NumOutputs = 1, Outputs = output };
        Assert.Equal(0, PluginApi.Process(instance.Processor, data));
        Assert.True(new Span<float>(output->Channels[0], BlockSize).IndexOfAnyExcept(0f) < 0);
        Assert.Equal(3UL, output->SilenceFlags);

        // Null channel pointer arrays and null channel pointers.
        var noChannels = memory.New<AudioBuffers>(1);
        *noChannels = new AudioBuffers { NumChannels = 2 };
        var nullChannels = memory.New<AudioBuffers>(1);
        *nullChannels = new AudioBuffers { NumChannels = 2, Channels = (float**)memory.New<nint>(2) };
        *data = new ProcessDataBlock { NumSamples = BlockSize, NumInputs = 1, NumOutputs = 1, Inputs = noChannels, Outputs = nullChannels };
        Assert.Equal(0, PluginApi.Process(instance.Processor, data));

        // A negative channel count is no buffer either.
        *nullChannels = new AudioBuffers { NumChannels = -5, Channels = (float**)memory.Forbidden<nint>() };
        *data = new ProcessDataBlock { NumSamples = BlockSize, NumInputs = 1, NumOutputs = 1, Inputs = nullChannels, Outputs = nullChannels };
        Assert.Equal(0, PluginApi.Process(instance.Processor, data));
    }

    [Fact]
    public void MonoLayout_WithAStereoOutputBuffer_ZeroesTheChannelItDoesNotWrite()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, SampleRateHz, BlockSize, mono: true);
        using var memory = new GuardedAllocations();
        var input = memory.Bus(1, BlockSize);
        new Span<float>(input->Channels[0], BlockSize).Fill(0.25f);
        var output = memory.Bus(2, BlockSize);
        new Span<float>(output->Channels[1], BlockSize).Fill(StaleHostData);
        var data = memory.New<ProcessDataBlock>(1);
        *data = new ProcessDataBlock { NumSamples = BlockSize, NumInputs = 1, NumOutputs = 1, Inputs = input, Outputs = output };
        Assert.Equal(0, PluginApi.Process(instance.Processor, data));
        Assert.True(new Span<float>(output->Channels[1], BlockSize).IndexOfAnyExcept(0f) < 0);
    }

    [Fact]
    public void HugeParameterQueueAndPointCounts_AreReadBoundedly()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, SampleRateHz, BlockSize);
        var changes = new HostParameterChanges { ClaimedQueueCount = 10_000_000 }.Add((uint)ParameterId.Iterations, 0, 0.5);
        changes.Queues[0].ClaimedPointCount = 10_000_000;
        var silence = new float[BlockSize];
        var result = instance.Process([silence, silence], [new float[BlockSize], new float[BlockSize]], null, null, 0, BlockSize, changes);
        Assert.Equal(0, result.Status);
        Assert.InRange(changes.Calls, 1, 100_000);
    }

    [Fact]
    public void BusQueries_WithUnknownDirectionsOrHugeArrangementCounts_AreRefused_WithoutReadingPastTheArrays()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, Vst3Ids.KamHpProcessor);
        Assert.Equal(0, PluginApi.GetBusCount(instance.Component, 0, 7));
        BusInfoData bus;
        Assert.NotEqual(0, PluginApi.GetBusInfo(instance.Component, 0, 7, 0, &bus));
        Assert.NotEqual(0, PluginApi.GetBusInfo(instance.Component, 0, -1, 0, &bus));
        Assert.NotEqual(0, PluginApi.ActivateBus(instance.Component, 0, 7, 0, true));
        Assert.NotEqual(0, PluginApi.GetBusArrangement(instance.Processor, 7, 0, out _));

        using var memory = new GuardedAllocations();
        var inputs = memory.New<ulong>(1);
        var outputs = memory.New<ulong>(3);
        *inputs = PluginInstance.Stereo;
        outputs[0] = outputs[1] = outputs[2] = PluginInstance.Stereo;
        Assert.Equal(1, PluginApi.SetBusArrangements(instance.Processor, inputs, 1, outputs, int.MaxValue));
        Assert.Equal(1, PluginApi.SetBusArrangements(instance.Processor, inputs, int.MaxValue, outputs, 3));
        Assert.Equal(0, PluginApi.SetBusArrangements(instance.Processor, inputs, 1, outputs, 3));
    }

    [Fact]
    public void QueryInterface_WithNullPointers_AnswersWithoutCrashing()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, Vst3Ids.KamHpProcessor);
        byte* iid = stackalloc byte[16];
        Vst3Ids.Write(Vst3Ids.AudioProcessor, iid);
        Assert.Equal(2, PluginApi.QueryRaw(instance.Component, iid, null));
        nint result = 1;
        Assert.Equal(-1, PluginApi.QueryRaw(instance.Component, null, &result));
        Assert.Equal(0, result);
        Assert.Equal(2, PluginApi.QueryRaw(module.Factory, iid, null));
    }

    [Fact]
    public void CallsAfterTerminate_AndReleaseWhileActive_DoNotCrash()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        var instance = PluginInstance.Create(module, Vst3Ids.KamHpProcessor);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        Assert.Equal(0, PluginApi.Terminate(instance.Component));
        Assert.Equal(0, PluginApi.Terminate(instance.Controller));

        // Whatever a confused host calls next: a sane answer, never a crash.
        var silence = new float[BlockSize];
        var output = new[] { new float[BlockSize], new float[BlockSize] };
        Assert.Equal(0, instance.Process([silence, silence], output, null, null, 0, BlockSize).Status);
        Assert.Equal(0, PluginApi.SetActive(instance.Component, false));
        Assert.True(instance.GetState().Length > 0);
        _ = PluginApi.GetLatencySamples(instance.Processor);
        Assert.Equal(0, PluginApi.SetComponentHandler(instance.Controller, 0));

        // Initialize again (hosts do terminate -> initialize on one object), activate, and drop every reference while active.
        Assert.Equal(0, PluginApi.Initialize(instance.Component, instance.Application.Pointer));
        Assert.Equal(0, PluginApi.SetActive(instance.Component, true));
        instance.ReleaseAllWithoutShutdown();
    }

    [Fact]
    public void AbsurdProcessSetups_AreRefusedOrBounded_NeverAcceptedAndThenFailing()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, Vst3Ids.KamHpProcessor);
        instance.Setup(SampleRateHz, BlockSize);
        Assert.NotEqual(0, instance.SetupProcessing(1e12, BlockSize));
        Assert.NotEqual(0, instance.SetupProcessing(10, BlockSize));

        // maxSamplesPerBlock = 2^31 - 1 (seen from hosts that mean "any"): accepted, and activation must not try to
        // allocate for it; blocks still come in whatever size the host likes.
        Assert.Equal(0, instance.SetupProcessing(SampleRateHz, int.MaxValue));
        instance.Activate();
        var latency = (int)instance.LatencySamples;
        var (left, right) = TestSignals.Music(latency + 20000, SampleRateHz, 71);
        var run = Vst3Audio.Run(instance, [left, right], 10000);
        Vst3Audio.AssertDelayed(left, run.Main[0], latency);
    }

    [Fact]
    public void ControllerTextAndValueCalls_StayInsideString128_AndAnswerNonFiniteInputsWithFiniteValues()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, Vst3Ids.KamHpProcessor);
        using var memory = new GuardedAllocations();
        var text = memory.New<char>(128);
        var parse = memory.New<char>(128);
        parse[0] = '1';
        for (var i = 1; i < 128; i++)
        {
            parse[i] = '0'; // no terminating NUL inside the host's String128: nothing past it may be read
        }

        double value;
        foreach (var p in ParameterTable.All)
        {
            foreach (var normalized in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1e300, 1e300 })
            {
                Assert.Equal(0, PluginApi.GetParamStringByValue(instance.Controller, (uint)p.Id, normalized, text));
                Assert.True(new string(text).Length < 128);
                Assert.True(double.IsFinite(PluginApi.NormalizedToPlain(instance.Controller, (uint)p.Id, normalized)), $"{p.Id} plain of {normalized}");
                var back = PluginApi.PlainToNormalized(instance.Controller, (uint)p.Id, normalized);
                Assert.InRange(back, 0.0, 1.0);
            }

            _ = PluginApi.GetParamValueByStringRaw(instance.Controller, (uint)p.Id, parse, &value);
        }

        Assert.NotEqual(0, PluginApi.SetParamNormalized(instance.Controller, (uint)ParameterId.Balance, double.NaN));
        Assert.NotEqual(0, PluginApi.GetParamStringByValue(instance.Controller, 0xFFFFFFFF, 0.5, text));
        Assert.NotEqual(0, PluginApi.GetParamValueByStringRaw(instance.Controller, (uint)ParameterId.Balance, null, &value));
        ParameterInfoData info;
        Assert.NotEqual(0, PluginApi.GetParameterInfo(instance.Controller, int.MinValue, &info));
        Assert.NotEqual(0, PluginApi.GetParameterInfo(instance.Controller, 0, null));
    }
}
