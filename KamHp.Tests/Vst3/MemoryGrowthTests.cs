using System.Runtime.InteropServices;
using AudioPlugSharp.KamHp.Parameters;
using KamHp.Cli.Soak;
using KamHp.Tests.Vst3.Native;
using Xunit.Abstractions;

namespace KamHp.Tests.Vst3;

/// <summary>
/// Issue 15: the published plug-in (NativeAOT: its own runtime and collector inside the host's process) must not grow
/// with what a host does around a latency change, thousands of times: forward the reported latency to the controller
/// (which asks for a restart), show it, re-activate, ask for the latency. The plug-in's managed heap is read through its
/// diagnostic export KamHpManagedMemory.
/// </summary>
[Collection(SharedVst3Bundle.Name)]
public sealed unsafe class MemoryGrowthTests(Vst3BundleFixture bundle, ITestOutputHelper log)
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;
    private const int Cycles = 5000;

    // Retained managed memory allowed in the plug-in after the cycles, in bytes (under 4 bytes per cycle: one leaked
    // object per cycle fails).
    private const long RetainedBound = 16 * 1024;

    // Bytes the plug-in's runtime may allocate over all the cycles: a few hundred for its own bookkeeping (measured 336,
    // e.g. its finalizer thread after the forced collection). One message string per cycle would be 5000 x 40 bytes or more.
    private const long AllocatedBound = 1024;

    private static readonly Guid s_processorCid = new("96339A97-70C7-44AD-BCB9-BF01130AAEF3");

    [Fact]
    public void ReactivationCycles_LeaveThePluginsManagedHeapWhereItWas()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        var managed = (delegate* unmanaged<int, long>)NativeLibrary.GetExport(module.Handle, "KamHpManagedMemory");
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        var latency = ParameterTable.Get(ParameterId.Latency);
        var cycle = 0;
        void Run(int count)
        {
            for (var end = cycle + count; cycle < end; cycle++)
            {
                var reported = latency.ToNormalized(20000 + (cycle % 7));
                PluginApi.SetParamNormalized(instance.Controller, (uint)ParameterId.Latency, reported);
                PluginApi.GetParamString(instance.Controller, (uint)ParameterId.Latency, reported);
                instance.Deactivate();
                instance.Activate();
                PluginApi.GetLatencySamples(instance.Processor);
                if (cycle % 200 == 0)
                {
                    instance.Handler.RestartFlags.Clear();
                    GC.Collect();   // this process's garbage (the host side), so that resident memory shows the plug-in's
                }
            }
        }

        Run(500);
        var heapBefore = managed(1);
        var allocatedBefore = managed(2);
        var residentBefore = MemoryProbe.ResidentBytes();
        Run(Cycles);
        var allocated = managed(2) - allocatedBefore;
        var heapAfter = managed(1);
        var residentAfter = MemoryProbe.ResidentBytes();
        log.WriteLine($"plug-in: {allocated} bytes allocated, heap {heapBefore} -> {heapAfter} bytes after full collections; process resident {residentBefore / 1e6:F2} -> {residentAfter / 1e6:F2} MB; {Cycles} cycles");

        // Garbage is what grew: the plug-in's collector is sized for a whole application and let a host's thousands of
        // small strings pile up for hours (about 550 bytes per re-activation). Nothing may be allocated per cycle.
        Assert.True(heapBefore > 0);
        Assert.True(allocated < AllocatedBound, $"{allocated} bytes allocated by the plug-in in {Cycles} cycles");
        Assert.True(heapAfter - heapBefore < RetainedBound, $"plug-in heap {heapBefore} -> {heapAfter} bytes");
    }

    [Fact]
    public void SteppedParameterJumps_WithTheRestartsTheyCause_AllocateNothingInThePlugin()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        var managed = (delegate* unmanaged<int, long>)NativeLibrary.GetExport(module.Handle, "KamHpManagedMemory");
        using var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        var random = new Random(15);
        float[][] input = [new float[BlockSize], new float[BlockSize]];
        for (var i = 0; i < BlockSize; i++)
        {
            input[0][i] = (float)(random.NextDouble() - 0.5);
            input[1][i] = (float)(random.NextDouble() - 0.5);
        }

        float[][] main = [new float[BlockSize], new float[BlockSize]];
        float[][] harmonic = [new float[BlockSize], new float[BlockSize]];
        float[][] percussive = [new float[BlockSize], new float[BlockSize]];
        var restarts = 0;

        // Every stepped parameter through each of its values and back to its default, 20 blocks each (frames pass, the
        // engine switches), the host re-activating when the controller asks, as in issue 15's soak.
        void EveryStep()
        {
            foreach (var p in ParameterTable.All.Where(p => p.Scale == ParameterScale.Stepped && p.Has(ParameterTraits.Automatable)))
            {
                for (var step = 0; step <= p.StepCount + 1; step++)
                {
                    var value = step <= p.StepCount ? (double)step / p.StepCount : p.DefaultNormalized;
                    for (var block = 0; block < 20; block++)
                    {
                        var changes = block == 0 ? new HostParameterChanges().Add((uint)p.Id, 0, value) : null;
                        var (outputChanges, _, _) = instance.Process(input, main, harmonic, percussive, 0, BlockSize, changes);
                        instance.ForwardToController(outputChanges);
                        if (instance.Handler.RestartFlags.Count > 0)
                        {
                            instance.Handler.RestartFlags.Clear();
                            instance.Deactivate();
                            instance.Activate();
                            PluginApi.GetLatencySamples(instance.Processor);
                            restarts++;
                        }
                    }
                }
            }
        }

        EveryStep();   // first use of every path (the runtime's own lazy set-up may allocate once)
        restarts = 0;
        var allocatedBefore = managed(2);
        EveryStep();
        var allocated = managed(2) - allocatedBefore;
        log.WriteLine($"plug-in: {allocated} bytes allocated over every stepped value, {restarts} restarts");

        Assert.True(restarts >= 10, $"{restarts} restarts: the jumps did not change the latency");
        Assert.Equal(0, allocated);
    }
}
