using System.Runtime.InteropServices;
using AudioPlugSharp.KamHp.Processing;
using KamHp.Cli.Soak;
using KamHp.Tests.Vst3.Native;
using Xunit.Abstractions;

namespace KamHp.Tests.Vst3;

/// <summary>
/// Issue 15's soak on the published .so through the host-like harness: pink noise, gliding and jumping automation,
/// restarts obeyed by re-activation. By default a short run (2.4 minutes of audio) that fails when the plug-in's heap
/// after a full collection grows after the first minute; KAMHP_SOAK_HOURS=H runs H hours of audio and prints the soak table.
/// Open finding (issue 15): this published build allocates about 10 kB in the plug-in's runtime per stepped-parameter jump
/// (1.2 MB per audio-hour; garbage: the heap after a full collection stays flat), which the in-process model does not
/// (0 bytes per audio-hour under CoreCLR); not yet located, so allocations are printed, not asserted, here.
/// </summary>
[Collection(SharedVst3Bundle.Name)]
public sealed class PublishedPluginSoakTests(Vst3BundleFixture bundle, ITestOutputHelper log)
{
    [Fact]
    public void PublishedPlugin_UnderIssue15Automation_KeepsItsHeapFlat()
    {
        var hours = double.TryParse(Environment.GetEnvironmentVariable("KAMHP_SOAK_HOURS"), System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 0.04;
        var options = new SoakOptions(hours, ReportMinutes: Math.Max(1, hours * 60 / 12), SampleRateHz: 48000, BlockSize: 512, Seed: 15);
        using var target = new PublishedPluginTarget(bundle.SharedLibraryPath, options.SampleRateHz, options.BlockSize);
        using var output = new StringWriter();
        var summary = SoakRunner.Run(target, options, output);
        log.WriteLine(output.ToString());
        Assert.True(summary.Jumps >= (long)(hours * 3600 / SoakAutomation.JumpSeconds) - 1, $"{summary.Jumps} stepped jumps");
        Assert.True(summary.ManagedGrowthBytes < 16 * 1024, $"plug-in heap grew by {summary.ManagedGrowthBytes} bytes");
    }

    /// <summary>The published plug-in driven through the harness: the host forwards output parameters and obeys restarts.</summary>
    private sealed unsafe class PublishedPluginTarget : ISoakTarget
    {
        private readonly LoadedModule _module;
        private readonly PluginInstance _instance;
        private readonly delegate* unmanaged<int, long> _managed;
        private readonly float[][] _input;
        private readonly float[][] _main;
        private readonly float[][] _harmonic;
        private readonly float[][] _percussive;
        private readonly int _blockSize;

        public PublishedPluginTarget(string path, double sampleRateHz, int blockSize)
        {
            _module = LoadedModule.Load(path);
            _managed = (delegate* unmanaged<int, long>)NativeLibrary.GetExport(_module.Handle, "KamHpManagedMemory");
            _instance = PluginInstance.Create(_module, new Guid("96339A97-70C7-44AD-BCB9-BF01130AAEF3"));
            _instance.Setup(sampleRateHz, blockSize);
            _instance.Activate();
            _blockSize = blockSize;
            _input = [new float[blockSize], new float[blockSize]];
            _main = [new float[blockSize], new float[blockSize]];
            _harmonic = [new float[blockSize], new float[blockSize]];
            _percussive = [new float[blockSize], new float[blockSize]];
        }

        public string Description => "published KamHp.so through the host-like harness (plug-in heap and allocations from its KamHpManagedMemory export)";

        public long Restarts { get; private set; }

        public long AudioAllocatedBytes => _managed(2);

        public long HostAllocatedBytes => -1;

        public long ManagedHeapAfterFullCollection() => _managed(1);

        public void Block(ReadOnlySpan<float> left, ReadOnlySpan<float> right, IParameterQueueReader changes)
        {
            left.CopyTo(_input[0]);
            right.CopyTo(_input[1]);
            var queues = new HostParameterChanges();
            for (var q = 0; q < changes.QueueCount; q++)
            {
                if (changes.TryGetPoint(q, 0, out var offset, out var value))
                {
                    queues.Add(changes.GetParameterId(q), offset, value);
                }
            }

            var (outputChanges, _, _) = _instance.Process(_input, _main, _harmonic, _percussive, 0, _blockSize, queues);
            _instance.ForwardToController(outputChanges);
            if (_instance.Handler.RestartFlags.Count > 0)
            {
                _instance.Handler.RestartFlags.Clear();
                Restarts++;
                _instance.Deactivate();
                _instance.Activate();
                PluginApi.GetLatencySamples(_instance.Processor);
            }
        }

        public void Dispose()
        {
            _instance.Dispose();
            _module.Dispose();
        }
    }
}
