using System.Diagnostics;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using KamHp.Cli;
using KamHp.Cli.Live;
using KamHp.Tests.Cli.Live.Jack;
using KamHp.Tests.Editor;
using KamHp.Tests.Editor.Host;
using KamHp.Tests.Plugin;
using SkiaSharp;

namespace KamHp.Tests.Cli.Live;

// Xlib's int results carry no error information.
#pragma warning disable CA1806

/// <summary>
/// <c>kamhp live --gui</c>: the editor in a top-level window of a private Xvfb, driven by <see cref="LiveGui.Run"/> on its
/// own thread (as the CLI's main loop), with the live client on a private JACK server fed music by a test player. The
/// test drags the knob with XTest, moves the balance with MIDI, grabs the screen, and resizes and closes the window the
/// way a window manager does. Alone in its collection: the Xvfb fixture sets DISPLAY for the whole process.
/// </summary>
[Collection(LiveGuiGroup.Name)]
public sealed class LiveGuiTests(JackServerFixture server, XvfbServer xvfb) : IClassFixture<JackServerFixture>, IClassFixture<XvfbServer>
{
    [Fact]
    public void Window_DragMovesTheLiveBalance_MidiMovesTheKnob_TheCallbackAllocatesNothing_AndCloseStops()
    {
        server.RequireServer();
        var settings = LiveCommandLine.Parse();
        var live = new LiveProcessor(settings.State, settings.Mapping, learn: false);
        using var gui = LiveGui.Open(live, "KamHp live test", xvfb.Display, out var failure);
        Assert.True(gui is not null, failure);
        using var client = LiveClient.Open(live, "kamhp-gui-test", server.ServerName, quiet: true);
        client.Activate();
        var (left, right) = TestSignals.Music(5 * JackServerFixture.SampleRateHz, JackServerFixture.SampleRateHz, 5);
        using var player = new TestPlayer(server.ServerName, left, right);
        player.Activate();
        player.Connect($"{player.Name}:out_L", client.FullName(LiveClient.InputPorts[0]));
        player.Connect($"{player.Name}:out_R", client.FullName(LiveClient.InputPorts[1]));
        player.Connect($"{player.Name}:midi_out", client.FullName(LiveClient.MidiPort));

        using var stop = new CancellationTokenSource();
        var loop = new Thread(() => gui.Run(client, stop.Token)) { IsBackground = true, Name = "live gui" };
        var display = OpenDisplay(xvfb.Display);
        try
        {
            loop.Start();
            var (width, height) = (EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);
            var layout = EditorLayout.Compute(width, height);
            var callbacksBefore = client.Callbacks;
            Thread.Sleep(1500);

            // The separation picture and meters come from the live processor's feed.
            using (var playing = ScreenGrab.Grab(display, gui.Window.WindowId, width, height))
            {
                ImageComparison.SaveArtefact(playing, "live-gui-playing.png");
                Assert.True(LitCells(playing, layout.Spectrogram) > 1000, "no live data reached the window's spectrogram");
            }

            // Drag the knob up by 50 pixels: the processor's balance becomes 0.5 + 50 / 200 through the request ring (the
            // processor keeps parameters in single precision).
            var knob = layout.BoundsOf(ParameterId.Balance);
            XTestPointer.Drag(display, (int)knob.MidX, (int)knob.MidY, (int)knob.MidX, (int)knob.MidY - 50, Thread.Sleep);
            var dragged = 0.5 + (50 / EditorInteraction.KnobTravelPixels);
            Assert.True(SpinWait.SpinUntil(() => Math.Abs(live.GetNormalized(ParameterId.Balance) - dragged) < 1e-6, TimeSpan.FromSeconds(10)),
                $"balance is {live.GetNormalized(ParameterId.Balance)}, expected {dragged}");
            Thread.Sleep(300);
            var region = new SKRectI((int)knob.Left, (int)knob.Top, (int)knob.Right, (int)knob.Bottom);
            using (var afterDrag = ScreenGrab.Grab(display, gui.Window.WindowId, width, height))
            using (var expected = Render(dragged))
            {
                Assert.True(ImageComparison.DifferentFraction(expected, afterDrag, region) < 0.01, "the knob does not show the dragged value");
            }

            // MIDI CC 1 = 0 (the balance controller): the processor goes to percussive only and the knob follows.
            player.Schedule(0, 0xB0, 1, 0);
            Assert.True(SpinWait.SpinUntil(() => live.GetNormalized(ParameterId.Balance) == 0.0, TimeSpan.FromSeconds(10)), "the CC did not reach the processor");
            Thread.Sleep(LiveEditSink.SettleTime + TimeSpan.FromMilliseconds(200));
            using (var afterMidi = ScreenGrab.Grab(display, gui.Window.WindowId, width, height))
            using (var expected = Render(0.0))
            using (var stale = Render(dragged))
            {
                ImageComparison.SaveArtefact(afterMidi, "live-gui-after-midi.png");
                Assert.True(ImageComparison.DifferentFraction(expected, afterMidi, region) < 0.01, "the knob does not show the MIDI value");
                Assert.True(ImageComparison.DifferentFraction(stale, afterMidi, region) > 0.01, "the knob still shows the dragged value");
            }

            // The user (through the window manager) resizes the window: the view follows to the new size.
            TestX11.XResizeWindow(display, gui.Window.WindowId, 1000, 700);
            TestX11.XSync(display, 0);
            Thread.Sleep(500);
            using (var large = ScreenGrab.Grab(display, gui.Window.WindowId, 1000, 700))
            {
                ImageComparison.SaveArtefact(large, "live-gui-1000x700.png");
                Assert.NotEqual(EditorPalette.Background, large.GetPixel(1000 - 20, 20));   // the bypass button at the new right edge
                Assert.Equal(EditorPalette.Background, large.GetPixel(500, 700 - 8));       // the bottom margin at the new bottom
                Assert.NotEqual(EditorPalette.Background, large.GetPixel(500, 700 - 20));   // the picture reaches down to it
            }

            // The whole time the window was open and drawing, the JACK callback allocated nothing.
            Assert.True(client.Callbacks - callbacksBefore > 100, $"only {client.Callbacks - callbacksBefore} periods ran");
            Assert.Equal(0, client.CallbackAllocatedBytes);

            // The window manager's close button (WM_DELETE_WINDOW) ends the loop like q.
            SendDeleteWindow(display, gui.Window.WindowId);
            Assert.True(loop.Join(TimeSpan.FromSeconds(10)), "closing the window did not stop the loop");
            Assert.True(gui.CloseRequested);
        }
        finally
        {
            stop.Cancel();
            if (loop.IsAlive)
            {
                loop.Join(TimeSpan.FromSeconds(10));
            }

            TestX11.XCloseDisplay(display);
        }
    }

    [Fact]
    public async Task Gui_WithoutAnXDisplay_ExitsOneWithOneLine_BeforeTouchingJack()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "kamhp.dll"), "live", "--gui", "--server", "kamhp-no-such-server"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["DISPLAY"] = ":9873";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(ExitCodes.Usage, process.ExitCode);
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["kamhp live: --gui: cannot open the X display ':9873' (is DISPLAY set?)"], lines);
        Assert.Equal("", await output);
    }

    [Fact]
    public void GuiOption_IsParsed_AndOffByDefault()
    {
        Assert.True(LiveCommandLine.Parse("--gui").Gui);
        Assert.False(LiveCommandLine.Parse().Gui);
    }

    /// <summary>The editor drawn off-screen with the command line's default values and <paramref name="balance"/>.</summary>
    private static SKBitmap Render(double balance)
    {
        var values = new double[ParameterTable.Count];
        LiveCommandLine.Parse().State.CopyTo(values);
        return EditorReferenceRender.With(ParameterId.Balance, balance, values);
    }

    private static int LitCells(SKBitmap image, SKRect picture)
    {
        var lit = 0;
        for (var y = (int)picture.Top + 30; y < (int)picture.Bottom - 2; y += 2)
        {
            for (var x = (int)picture.Left + 2; x < (int)picture.Right - 2; x += 2)
            {
                var c = image.GetPixel(x, y);
                lit += c.Red + c.Green + c.Blue > 60 ? 1 : 0;
            }
        }

        return lit;
    }

    private static nint OpenDisplay(string name)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var display = TestX11.XOpenDisplay(name);
            if (display != 0)
            {
                return display;
            }

            Thread.Sleep(5);
        }

        throw new InvalidOperationException("Cannot open display " + name);
    }

    /// <summary>What a window manager sends when the user clicks the close button: WM_PROTOCOLS / WM_DELETE_WINDOW.</summary>
    private static unsafe void SendDeleteWindow(nint display, nuint window)
    {
        var message = stackalloc long[24];
        message[0] = 33;                                                        // ClientMessage
        message[4] = (long)window;                                              // window (byte 32)
        message[5] = (long)TestX11.XInternAtom(display, "WM_PROTOCOLS", 0);     // message_type (byte 40)
        message[6] = 32;                                                        // format (byte 48)
        message[7] = (long)TestX11.XInternAtom(display, "WM_DELETE_WINDOW", 0); // data.l[0] (byte 56)
        Assert.NotEqual(0, TestX11.XSendEvent(display, window, 0, 0, message));
        TestX11.XFlush(display);
    }
}

/// <summary>The <c>--gui</c> tests run alone: their Xvfb sets DISPLAY for the whole test process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveGuiGroup
{
    public const string Name = "live --gui";
}
