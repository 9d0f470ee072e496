using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;
using KamHp.Tests.Plugin;
using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Vst3;

/// <summary>What real hosts do to plug-ins (issue 9 item 2), each against the published KamHp.so.</summary>
[Collection(SharedVst3Bundle.Name)]
public sealed unsafe class HostBehaviourTests(Vst3BundleFixture bundle)
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;

    [Fact]
    public void BlocksLargerThanMaxSamplesPerBlock_AreProcessedInPieces_WithoutTouchingPastTheBuffers()
    {
        // FL Studio: maxSamplesPerBlock 256, then blocks of thousands of samples. Every buffer ends at a guard page.
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, SampleRateHz, 256);
        var latency = (int)instance.LatencySamples;
        var blocks = new[] { 4096, 3001, 257, 256, 9000 };
        var length = latency + 20000;

        var (left, right) = TestSignals.Music(length, SampleRateHz, 31);
        var main = new[] { new float[length], new float[length] };
        for (int start = 0, k = 0; start < length; k++)
        {
            var n = Math.Min(blocks[k % blocks.Length], length - start);
            using var memory = new GuardedAllocations();
            var input = memory.Bus(2, n);
            var output = memory.Bus(2, n);
            left.AsSpan(start, n).CopyTo(new Span<float>(input->Channels[0], n));
            right.AsSpan(start, n).CopyTo(new Span<float>(input->Channels[1], n));
            var data = memory.New<ProcessDataBlock>(1);
            *data = new ProcessDataBlock { NumSamples = n, NumInputs = 1, NumOutputs = 1, Inputs = input, Outputs = output };
            Assert.Equal(0, PluginApi.Process(instance.Processor, data));
            new Span<float>(output->Channels[0], n).CopyTo(main[0].AsSpan(start));
            new Span<float>(output->Channels[1], n).CopyTo(main[1].AsSpan(start));
            start += n;
        }

        Vst3Audio.AssertDelayed(left, main[0], latency);
        Vst3Audio.AssertDelayed(right, main[1], latency);
    }

    [Fact]
    public void SetupProcessingAtANewRate_AndSetActiveTrue_WithoutDeactivating_RunAtTheNewRate_WithTheLatencyReReported()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, 44100, BlockSize);
        var before = (int)instance.LatencySamples;
        Vst3Audio.Run(instance, [new float[4096], new float[4096]], BlockSize);
        var wanted = KamHpEngine.ComputeLatencySamples(96000, PluginDefaults.Engine);
        Assert.NotEqual(before, wanted);

        Assert.Equal(0, instance.SetupProcessing(96000, BlockSize));
        Assert.Equal(0, PluginApi.SetActive(instance.Component, true));
        Assert.Equal(wanted, (int)instance.LatencySamples);
        Assert.Equal([8], instance.Handler.RestartFlags);

        // The audio has the latency the host was told, so the engine really runs with the 96 kHz layout.
        var impulse = TestSignals.Impulse(wanted + 6000, 100);
        var run = Vst3Audio.Run(instance, [impulse, impulse], BlockSize, forwardTo: instance);
        Assert.Equal(100 + wanted, TestSignals.PeakIndex(run.Main[0]));
        Assert.Equal([8], instance.Handler.RestartFlags);
    }

    [Fact]
    public void SetProcessingToggledBackToBack_AndProcessWhileNotProcessing_KeepTheNullTest()
    {
        // Reaper toggles setProcessing around transport changes and may call process while "not processing".
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, SampleRateHz, BlockSize);
        var latency = (int)instance.LatencySamples;
        var (left, right) = TestSignals.Music(latency + 10000, SampleRateHz, 41);
        var main = new[] { new float[left.Length], new float[left.Length] };
        var random = new Random(43);
        for (var start = 0; start < left.Length; start += BlockSize)
        {
            for (var toggles = random.Next(4); toggles > 0; toggles--)
            {
                Assert.Equal(0, PluginApi.SetProcessing(instance.Processor, false));
                Assert.Equal(0, PluginApi.SetProcessing(instance.Processor, true));
            }

            var stopped = random.Next(3) == 0;
            if (stopped)
            {
                Assert.Equal(0, PluginApi.SetProcessing(instance.Processor, false));
            }

            var count = Math.Min(BlockSize, left.Length - start);
            Assert.Equal(0, instance.Process([left, right], main, null, null, start, count).Status);
            if (stopped)
            {
                Assert.Equal(0, PluginApi.SetProcessing(instance.Processor, true));
            }
        }

        Vst3Audio.AssertDelayed(left, main[0], latency);
        Vst3Audio.AssertDelayed(right, main[1], latency);
    }

    [Fact]
    public void TenInstances_ProcessingConcurrentlyOnFiveThreads_EachKeepTheNullTest()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        var instances = Enumerable.Range(0, 10).Select(_ => PluginInstance.Create(module, Vst3Ids.KamHpProcessor)).ToList();
        try
        {
            foreach (var instance in instances)
            {
                instance.Setup(SampleRateHz, BlockSize);
                instance.Activate();
            }

            var latency = (int)instances[0].LatencySamples;
            var inputs = Enumerable.Range(0, 10).Select(k => TestSignals.Music(latency + 12000, SampleRateHz, 50 + k)).ToArray();
            var outputs = new Vst3Audio.RunResult[10];
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var threads = Enumerable.Range(0, 5).Select(t => new Thread(() =>
            {
                try
                {
                    // Two instances per thread, different block sizes, so calls interleave across threads.
                    for (var k = t; k < 10; k += 5)
                    {
                        outputs[k] = Vst3Audio.Run(instances[k], [inputs[k].Left, inputs[k].Right], 64 + (97 * k));
                    }
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Empty(failures);
            for (var k = 0; k < 10; k++)
            {
                Vst3Audio.AssertDelayed(inputs[k].Left, outputs[k].Main[0], latency);
                Vst3Audio.AssertDelayed(inputs[k].Right, outputs[k].Main[1], latency);
            }
        }
        finally
        {
            instances.ForEach(i => i.Dispose());
        }
    }

    [Fact]
    public void SetStateFromTheUiThread_WhileProcessRuns_IsNeverTorn_AndTheLastStateWins()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.CreateActive(module, SampleRateHz, BlockSize);
        var a = PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.Balance, -40).WithPlain(ParameterId.MaskSharpness, 1.5));
        var b = PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.Balance, 30).WithPlain(ParameterId.Output, (double)OutputMode.PercussiveSolo));
        var (left, right) = TestSignals.Music(BlockSize, SampleRateHz, 61);
        var stop = 0;
        var blocks = 0;
        Exception? audioFailure = null;
        var audio = new Thread(() =>
        {
            try
            {
                var main = new[] { new float[BlockSize], new float[BlockSize] };
                while (Volatile.Read(ref stop) == 0)
                {
                    Assert.Equal(0, instance.Process([left, right], main, null, null, 0, BlockSize).Status);
                    Assert.True(main[0].All(float.IsFinite) && main[1].All(float.IsFinite));
                    Interlocked.Increment(ref blocks);
                }
            }
            catch (Exception e)
            {
                audioFailure = e;
            }
        });
        audio.Start();

        // The states must land while process runs: wait for the audio thread's first block (a thread can start late
        // on a loaded machine, and 400 setState calls take only milliseconds).
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref blocks) > 0, TimeSpan.FromSeconds(30)) || audioFailure is not null);
        for (var i = 0; i < 400; i++)
        {
            var wanted = i % 2 == 0 ? a : b;
            Assert.Equal(0, instance.SetState(wanted));
            var seen = instance.GetState();
            Assert.True(seen.AsSpan().SequenceEqual(wanted), $"round {i}: getState right after setState returned another state");
        }

        Volatile.Write(ref stop, 1);
        audio.Join();
        Assert.Null(audioFailure);
        Assert.True(blocks > 0);
        Assert.Equal(b, instance.GetState());
    }
}
