using KamHp.Tests.Plugin;
using KamHp.Tests.Vst3;
using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Editor.Host;

/// <summary>
/// Opens and closes the published bundle's editor many times while audio runs on another thread. Runs alone, after
/// the parallel tests (its own collection with parallelisation off), because it measures the whole process's
/// resident memory and open file descriptors.
/// </summary>
[Collection(EditorSoakGroup.Name)]
public sealed class Vst3EditorSoakTests(Vst3BundleFixture bundle, XvfbServer xvfb) : IClassFixture<XvfbServer>
{
    private const double SampleRateHz = ActiveEditorPlugin.SampleRateHz;
    private const int BlockSize = ActiveEditorPlugin.BlockSize;

    private static PluginInstance Instance(LoadedModule module) => ActiveEditorPlugin.Create(module);

    [Fact]
    public void OpenAndClose50Times_WhileAudioRuns_NeitherCrashesNorLeaksDescriptorsOrMemory()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = Instance(module);
        var (left, right) = TestSignals.Music(BlockSize * 64, SampleRateHz, 5);
        using var stop = new CancellationTokenSource();
        var blocks = 0;
        var audio = new Thread(() =>
        {
            // The harness offsets every bus by the same start, so the outputs are as long as the input.
            var main = new[] { new float[left.Length], new float[left.Length] };
            var offset = 0;
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal(0, instance.Process([left, right], main, null, null, offset, BlockSize).Status);
                offset = (offset + BlockSize) % (left.Length - BlockSize);
                Interlocked.Increment(ref blocks);
            }
        });
        audio.Start();
        try
        {
            // Warm up until the heaps and caches (fonts, Skia glyphs, both runtimes' GC heaps) reach their working size,
            // then 50 more: a leak of even the pixel buffer (1.6 MB per opening) would add 80 MB.
            OpenAndClose(instance, 20);
            GC.Collect();
            var fds = Directory.GetFiles("/proc/self/fd").Length;
            var rss = ResidentBytes();
            OpenAndClose(instance, 50);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, fds + 2);
            var growthMb = (ResidentBytes() - rss) / 1048576.0;
            Assert.True(growthMb < 20, $"resident memory grew by {growthMb:F1} MB over 50 editor openings");
        }
        finally
        {
            stop.Cancel();
            audio.Join();
        }

        Assert.True(blocks > 0);
    }

    private void OpenAndClose(PluginInstance instance, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var session = new EditorSession(instance.Controller, xvfb.Display);
            Assert.True(session.AttachResult == 0, $"attached failed at opening {i}; {xvfb.Status}");
            session.Frame.Pump(70);
        }
    }

    private static long ResidentBytes()
    {
        var statm = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(statm[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}

/// <summary>The soak test's collection: not run in parallel with anything.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EditorSoakGroup : ICollectionFixture<Vst3BundleFixture>
{
    public const string Name = "VST3 editor soak";
}
