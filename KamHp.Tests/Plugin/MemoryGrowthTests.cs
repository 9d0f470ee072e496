using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Cli.Soak;

namespace KamHp.Tests.Plugin;

/// <summary>Runs alone: it reads the process-wide managed heap, which tests running in parallel would move.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}

/// <summary>Issue 15: activations, latency changes and restarts leave nothing behind.</summary>
[Collection(MemoryMeasurement.Name)]
public sealed class MemoryGrowthTests
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;

    // Retained managed memory allowed after 3,000 cycles, in bytes: under 6 bytes per cycle, so a leak of even one small
    // object per cycle (24 bytes or more) fails, while the runtime's own bookkeeping (a few kB) passes.
    private const long RetainedBound = 16 * 1024;

    [Fact]
    public void ThousandsOfActivationsLatencyChangesAndRestarts_AllocateNothing_AndLeaveTheHeapWhereItWas()
    {
        var host = new RestartingHost(SampleRateHz, BlockSize);
        var input = new float[BlockSize];
        var output = new float[BlockSize];
        var block = new AudioBlockBuffers(input, output);

        // Each cycle: a latency-changing step (restart by re-activation), a latency-changing state (adopted by the
        // host's latency query while active, Ardour's way), and a kernel glide in Balanced that keeps the latency.
        var iterations = ParameterTable.Get(ParameterId.Iterations);
        var steps = new[]
        {
            new ParameterQueues().Add(ParameterId.Iterations, 0, iterations.ToNormalized(3)),
            new ParameterQueues().Add(ParameterId.Iterations, 0, iterations.ToNormalized(2)),
        };
        var glide = new ParameterQueues().AddPlain(ParameterId.HarmonicKernel, 100, 300).AddPlain(ParameterId.HarmonicKernel, 400, 500);
        var states = new[]
        {
            PluginState.Default.WithPlain(ParameterId.LatencyMode, (double)KamHp.Dsp.LatencyMode.Live),
            PluginState.Default,
        };
        void Cycles(int count)
        {
            for (var c = 0; c < count; c++)
            {
                host.Block(block.Block, steps[c & 1]);
                host.Processor.AdoptState(states[c & 1]);
                host.Processor.QueryLatencySamples(SampleRateHz);
                host.Block(block.Block, glide);
                host.Block(block.Block, null);
            }
        }

        Cycles(300);
        var restartsBefore = host.Restarts;
        var heapBefore = MemoryProbe.ManagedBytesAfterFullCollection();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Cycles(3000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var heapAfter = MemoryProbe.ManagedBytesAfterFullCollection();

        Assert.True(host.Restarts - restartsBefore >= 3000, $"{host.Restarts - restartsBefore} restarts");
        Assert.Equal(0, allocated);
        Assert.True(heapAfter - heapBefore < RetainedBound, $"managed heap {heapBefore} -> {heapAfter} bytes");
    }

    /// <summary>Buffers of one stereo block (the input doubles as both channels).</summary>
    private sealed class AudioBlockBuffers(float[] input, float[] output)
    {
        public AudioBlock Block => new() { InputLeft = input, InputRight = input, MainLeft = output, MainRight = output };
    }
}
