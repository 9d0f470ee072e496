using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using KamHp.Dsp;

namespace KamHp.Tests.Plugin;

public sealed class LatencyNegotiationTests
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;

    [Theory]
    [InlineData(LatencyMode.Studio)]
    [InlineData(LatencyMode.Balanced)]
    public void KernelGlide_AcrossManyLatencies_CausesOneRestart_AtItsEnd(LatencyMode mode)
    {
        // 100 ms -> 1000 ms over 4 s of audio, one point per block: in Studio every few blocks is a new latency.
        var host = new RestartingHost(SampleRateHz, BlockSize);
        var input = new float[BlockSize];
        var output = new float[BlockSize];
        host.Block(new AudioBuffer(input, input), new AudioBuffer(output, output), new ParameterQueues().AddPlain(ParameterId.LatencyMode, 0, (double)mode).AddPlain(ParameterId.HarmonicKernel, 0, 100));
        var restartsBefore = host.Restarts;
        var latencyBefore = host.Processor.LatencySamples;
        var kernel = ParameterTable.Get(ParameterId.HarmonicKernel);
        var glideBlocks = (int)(4 * SampleRateHz / BlockSize);
        var distinctLatencies = new HashSet<int>();
        for (var b = 1; b <= glideBlocks; b++)
        {
            var plain = 100 * Math.Pow(10, (double)b / glideBlocks);
            distinctLatencies.Add(KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = mode, HarmonicKernelSeconds = plain / 1000 }));
            host.Block(new AudioBuffer(input, input), new AudioBuffer(output, output), new ParameterQueues().Add(ParameterId.HarmonicKernel, BlockSize - 1, kernel.ToNormalized(plain)));
            Assert.Equal(restartsBefore, host.Restarts);
        }

        // Rest: one restart once the kernel has stood still for LatencyNegotiation.SettleSeconds.
        for (var b = 0; b < (int)(2 * LatencyNegotiation.SettleSeconds * SampleRateHz / BlockSize); b++)
        {
            host.Block(new AudioBuffer(input, input), new AudioBuffer(output, output), null);
        }

        var final = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = mode, HarmonicKernelSeconds = 1.0 });
        Assert.True(mode == LatencyMode.Balanced || distinctLatencies.Count > 10, $"{distinctLatencies.Count} latencies crossed");
        Assert.Equal(final, host.Processor.LatencySamples);
        Assert.Equal(final == latencyBefore ? 0 : 1, host.Restarts - restartsBefore);
    }

    [Fact]
    public void KernelGlide_WhileMoving_KeepsTheLatencyTheHostWasTold()
    {
        var processor = new KamHpProcessor();
        processor.Activate(SampleRateHz, BlockSize, 2);
        var before = processor.LatencySamples;
        var input = new float[BlockSize];
        var output = new float[BlockSize];
        var kernel = ParameterTable.Get(ParameterId.HarmonicKernel);
        for (var b = 0; b < 200; b++)
        {
            Process(processor, input, output, new ParameterQueues().Add(ParameterId.HarmonicKernel, 0, (b % 50) / 50.0));
            Assert.Equal(before, processor.PendingLatencySamples);
            Assert.Equal(before, processor.QueryLatencySamples(SampleRateHz));
        }
    }

    [Fact]
    public void SteppedChange_DuringAKernelGlide_IsPublishedAtOnce_WithTheKernelWhereItIs()
    {
        var processor = new KamHpProcessor();
        processor.Activate(SampleRateHz, BlockSize, 2);
        var input = new float[BlockSize];
        var output = new float[BlockSize];
        Process(processor, input, output, new ParameterQueues().AddPlain(ParameterId.HarmonicKernel, 0, 600));
        Process(processor, input, output, new ParameterQueues().AddPlain(ParameterId.Iterations, 0, 3));
        var wanted = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { Iterations = 3, HarmonicKernelSeconds = 0.6 });
        Assert.Equal(wanted, processor.PendingLatencySamples);
        Assert.Equal(wanted, processor.QueryLatencySamples(SampleRateHz));
    }

    private static void Process(KamHpProcessor processor, float[] input, float[] output, IParameterQueueReader? changes) =>
        processor.Process(new AudioBuffer(input, input), new AudioBuffer(output, output), default, default, BlockSize, changes);
}
