using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using KamHp.Tests.Plugin;
using KamHp.Tests.Vst3;
using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Editor.Host;

/// <summary>
/// The published bundle's editor in a host-like harness under a private Xvfb: the test creates the parent window,
/// provides IPlugFrame and the Linux run loop and pumps it, grabs the screen with XGetImage and drives the mouse with
/// XTest. Screenshots go to artifacts/test-output/editor.
/// </summary>
[Collection(SharedVst3Bundle.Name)]
public sealed unsafe class Vst3EditorHostTests(Vst3BundleFixture bundle, XvfbServer xvfb) : IClassFixture<XvfbServer>
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;
    private static readonly Guid s_processorCid = new("96339A97-70C7-44AD-BCB9-BF01130AAEF3");

    private static PluginInstance Instance(LoadedModule module)
    {
        var instance = PluginInstance.Create(module, s_processorCid);
        instance.Setup(SampleRateHz, BlockSize);
        instance.Activate();
        return instance;
    }

    [Fact]
    public void Editor_ShowsKnobAndMeters_LikeTheReference_AndAKnobDragEditsBalanceThroughTheHost()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = Instance(module);
        using var session = new EditorSession(instance.Controller, xvfb.Display);
        Assert.Equal(0, session.AttachResult);
        Assert.Equal(1, session.Frame.HandlerCount);
        Assert.Equal(1, session.Frame.TimerCount);
        session.Frame.Pump(300);

        var (status, width, height) = PlugViewApi.GetSize(session.View);
        Assert.Equal((0, EditorLayout.DefaultWidth, EditorLayout.DefaultHeight), (status, width, height));
        using (var screen = session.Grab(width, height))
        {
            ImageComparison.AssertMatchesReference(screen, "editor-x11.png");
        }

        // Drag the Balance knob up by 50 pixels: one gesture on id 100 ending at 0.5 + 50 / 200.
        var knob = EditorLayout.Compute(width, height).BoundsOf(ParameterId.Balance);
        instance.Handler.Edits.Clear();
        session.Drag((int)knob.MidX, (int)knob.MidY, (int)knob.MidX, (int)knob.MidY - 50);
        var edits = instance.Handler.Edits;
        Assert.NotEmpty(edits);
        Assert.Equal(("begin", 100u), (edits[0].Kind, edits[0].Id));
        Assert.Equal(("end", 100u), (edits[^1].Kind, edits[^1].Id));
        Assert.All(edits, e => Assert.Equal(100u, e.Id));
        Assert.Equal(0.5 + (50 / EditorInteraction.KnobTravelPixels), edits[^2].Value, 6);
        Assert.Equal(edits[^2].Value, PluginApi.GetParamNormalized(instance.Controller, 100), 9);
    }

    [Fact]
    public void HostAutomation_MovesTheControls_OnScreen()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = Instance(module);
        using var session = new EditorSession(instance.Controller, xvfb.Display);
        session.Frame.Pump(200);
        using var before = session.Grab(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);
        Assert.Equal(0, PluginApi.SetParamNormalized(instance.Controller, (uint)ParameterId.Balance, 0.0));
        session.Frame.Pump(200);
        using var after = session.Grab(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);
        ImageComparison.SaveArtefact(after, "editor-x11-balance-drums.png");

        var knob = EditorLayout.Compute(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight).BoundsOf(ParameterId.Balance);
        var region = new SkiaSharp.SKRectI((int)knob.Left, (int)knob.Top, (int)knob.Right, (int)knob.Bottom);
        Assert.True(ImageComparison.DifferentFraction(before, after, region) > 0.01, "the knob did not move on screen");
        Assert.Empty(instance.Handler.Edits);
    }

    [Fact]
    public void Resize_FollowsTheHost_WithAMinimumSize_AndContentScale()
    {
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = Instance(module);
        using var session = new EditorSession(instance.Controller, xvfb.Display);
        session.Frame.Pump(100);
        Assert.Equal(0, PlugViewApi.CanResize(session.View));
        Assert.Equal((0, EditorLayout.MinimumWidth, EditorLayout.MinimumHeight), PlugViewApi.CheckSizeConstraint(session.View, 10, 10));
        Assert.Equal((0, 1000, 700), PlugViewApi.CheckSizeConstraint(session.View, 1000, 700));

        Assert.Equal(0, PlugViewApi.OnSize(session.View, 1000, 700));
        session.Frame.Pump(150);
        Assert.Equal((0, 1000, 700), PlugViewApi.GetSize(session.View));
        using (var large = session.Grab(1000, 700))
        {
            ImageComparison.SaveArtefact(large, "editor-x11-1000x700.png");

            // The bypass button moved to the new right edge, and the (black) spectrogram reaches the new bottom margin.
            Assert.NotEqual(EditorPalette.Background, large.GetPixel(1000 - 20, 20));
            Assert.Equal(SkiaSharp.SKColors.Black, large.GetPixel(500, 700 - 20));
            Assert.Equal(EditorPalette.Background, large.GetPixel(500, 700 - 8));
        }

        // A content scale of 2 asks the host for twice the size (the host answers with onSize).
        var scale = PluginApi.Query(session.View, PlugViewApi.ContentScaleIid);
        Assert.NotEqual(0, scale);
        Assert.Equal(0, PlugViewApi.SetContentScaleFactor(scale, 0.5f));
        PluginApi.Release(scale);
        Assert.Equal((500, 350), session.Frame.ResizeRequests[^1]);
    }

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
