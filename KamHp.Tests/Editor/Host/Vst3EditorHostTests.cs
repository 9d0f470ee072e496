using System.Runtime.InteropServices;
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
    private const double SampleRateHz = ActiveEditorPlugin.SampleRateHz;
    private const int BlockSize = ActiveEditorPlugin.BlockSize;

    private static PluginInstance Instance(LoadedModule module) => ActiveEditorPlugin.Create(module);

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
    public void WhileAudioPlays_TheSpectrogramAndMetersShowTheSeparation()
    {
        // A real excerpt when the shared dev corpus is there (docs/images/editor.png is this screenshot), else music-like noise.
        var mix = Path.Combine(bundle.RepositoryRoot, "..", "shared", "corpus", "dev", "d04_dance16_gm", "mix.wav");
        var (left, right, rate) = File.Exists(mix)
            ? Load(mix)
            : (TestSignals.Music(6 * 48000, SampleRateHz, 9).Left, TestSignals.Music(6 * 48000, SampleRateHz, 9).Right, SampleRateHz);
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        using var instance = PluginInstance.Create(module, ActiveEditorPlugin.ProcessorCid);
        instance.Setup(rate, BlockSize);
        instance.Activate();
        using var session = new EditorSession(instance.Controller, xvfb.Display);
        Assert.Equal(0, session.AttachResult);
        using var silent = session.Grab(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);

        var main = new[] { new float[left.Length], new float[left.Length] };
        var seconds = Math.Min(8.0, left.Length / rate);
        for (var start = 0; start + BlockSize <= (int)(seconds * rate); start += BlockSize)
        {
            Assert.Equal(0, instance.Process([left, right], main, null, null, start, BlockSize).Status);
            if ((start / BlockSize) % 8 == 7)
            {
                session.Frame.Pump(8);
            }
        }

        session.Frame.Pump(100);
        using var playing = session.Grab(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);
        ImageComparison.SaveArtefact(playing, "editor-x11-playing.png");

        var layout = EditorLayout.Compute(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);
        var picture = layout.Spectrogram;
        var lit = 0;
        for (var y = (int)picture.Top + 30; y < (int)picture.Bottom - 2; y += 2)
        {
            for (var x = (int)picture.Left + 2; x < (int)picture.Right - 2; x += 2)
            {
                var c = playing.GetPixel(x, y);
                lit += c.Red + c.Green + c.Blue > 60 ? 1 : 0;
            }
        }

        Assert.True(lit > 2000, $"only {lit} lit spectrogram cells: no live data reached the editor");
        var meters = new SkiaSharp.SKRectI((int)layout.Meters.Left, (int)layout.Meters.Top, (int)layout.Meters.Right, (int)layout.Meters.Bottom);
        Assert.True(ImageComparison.DifferentFraction(silent, playing, meters) > 0.02, "the meters did not move");
    }

    [Fact]
    public void Process_WithTheEditorOpenAndDrawing_AllocatesNothingInThePlugin()
    {
        // The published plug-in's own runtime (NativeAOT, all its threads) through its diagnostic export; the harness's
        // allocations are in this process's runtime and do not count.
        using var module = LoadedModule.Load(bundle.SharedLibraryPath);
        var managed = (delegate* unmanaged<int, long>)NativeLibrary.GetExport(module.Handle, "KamHpManagedMemory");
        using var instance = Instance(module);
        using var session = new EditorSession(instance.Controller, xvfb.Display);
        Assert.Equal(0, session.AttachResult);
        session.Frame.Pump(100);
        using var silent = session.Grab(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);
        const int Blocks = 64;
        var (left, right) = TestSignals.Music(Blocks * BlockSize, SampleRateHz, 31);
        var main = new[] { new float[left.Length], new float[left.Length] };
        void Play(int count)
        {
            for (var b = 0; b < count; b++)
            {
                Assert.Equal(0, instance.Process([left, right], main, null, null, (b % Blocks) * BlockSize, BlockSize).Status);
            }
        }

        // The editor draws what the audio thread published (its own, UI-side allocations happen here, not below).
        for (var i = 0; i < 10; i++)
        {
            Play(Blocks);
            session.Frame.Pump(10);
        }

        var before = managed(2);
        Play(2000);
        var allocated = managed(2) - before;
        session.Frame.Pump(60);
        using var playing = session.Grab(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);

        // A few hundred bytes are the runtime's own bookkeeping (see MemoryGrowthTests); one object per block would be
        // 2000 x 24 bytes or more.
        Assert.True(allocated is >= 0 and < 1024, $"the plug-in allocated {allocated} bytes over 2000 blocks with the editor open");
        var meters = EditorLayout.Compute(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight).Meters;
        Assert.True(ImageComparison.DifferentFraction(silent, playing, new SkiaSharp.SKRectI((int)meters.Left, (int)meters.Top, (int)meters.Right, (int)meters.Bottom)) > 0.02,
            "the editor showed no meters: it was not consuming what the audio thread published");
    }

    private static (float[] Left, float[] Right, double Rate) Load(string path)
    {
        var clip = KamHp.Cli.Audio.WavFile.Read(path);
        return (clip.Channels[0], clip.Channels[Math.Min(1, clip.ChannelCount - 1)], clip.SampleRateHz);
    }
}
