using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using KamHp.Tests.Vst3;
using KamHp.Tests.Vst3.Ardour;
using SkiaSharp;

namespace KamHp.Tests.Editor.Host;

// Xlib's int results carry no error information.
#pragma warning disable CA1806

/// <summary>
/// The editor in a real host: Ardour 7's GUI under the test's own Xvfb, scripted. An ardour7-lua script builds a
/// session on the Dummy backend (its "Sine Wave" input monitored through KamHp on a track) with a Balance automation
/// lane in Play mode (-100 % until 3 s, +100 % from 5 s) and KamHp's plugin window marked open, so Ardour opens
/// KamHp's own editor when it loads the session (no clicking through menus). The test then checks on screen that the
/// editor draws the live input and that automation turns the knob, drags the Harmonic level fader with XTest and reads
/// the value Ardour saved. The by-hand check with a music excerpt and exports is in the README (docs/images).
/// </summary>
[Collection(ArdourEditorGroup.Name)]
public sealed partial class ArdourEditorTests(Vst3BundleFixture bundle, XvfbServer xvfb) : IClassFixture<Vst3BundleFixture>, IClassFixture<XvfbServer>
{
    private const string ArdourLibraries = "/usr/lib/ardour7";
    private const string WindowTitle = "KamHp (by KamHp)";

    [Fact]
    public unsafe void Ardour7_OpensTheEditor_AutomationTurnsTheKnob_AndAFaderDragReachesArdour()
    {
        Assert.True(File.Exists("/usr/bin/ardour") && File.Exists("/usr/bin/xdotool"), "Ardour 7 and xdotool are needed: apt-get install ardour xdotool");
        var root = Directory.CreateTempSubdirectory("kamhp-ardour-editor").FullName;
        Process? ardour = null;
        var display = TestX11.XOpenDisplay(xvfb.Display);
        Assert.NotEqual(0, display);
        try
        {
            var home = Path.Combine(root, "home");
            var plugin = ArdourTests.InstallForUser(bundle.BundlePath, home);
            WriteArdourConfiguration(home);
            var environment = new Dictionary<string, string> { ["HOME"] = home, ["LD_LIBRARY_PATH"] = ArdourLibraries, ["DISPLAY"] = xvfb.Display };
            var scan = ExternalTool.Run(Path.Combine(ArdourLibraries, "ardour-vst3-scanner"), ["-f", plugin], environment, TimeSpan.FromMinutes(1));
            Assert.True(scan.ExitCode == 0, "scanner failed: " + scan.Error + scan.Output);

            var sessionDir = Path.Combine(root, "session");
            var script = Path.Combine(root, "editor.lua");
            File.WriteAllText(script, SessionScript.Replace("@DIR@", sessionDir, StringComparison.Ordinal));
            var lua = ExternalTool.Run("ardour7-lua", [script], environment, TimeSpan.FromMinutes(2));
            var window = WindowPattern().Match(lua.Output);
            Assert.True(window.Success, $"ardour7-lua did not finish ({lua.ExitCode}):\n{lua.Output}\n{lua.Error}");
            var sessionFile = Path.Combine(sessionDir, "editor.ardour");
            MarkPluginWindowOpen(sessionFile, window.Groups[1].Value);

            var start = new ProcessStartInfo("ardour", ["-n", "-a", sessionFile]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            ardour = Process.Start(start)!;
            ardour.OutputDataReceived += (_, _) => { };
            ardour.ErrorDataReceived += (_, _) => { };
            ardour.BeginOutputReadLine();
            ardour.BeginErrorReadLine();

            // 1. Ardour opens KamHp's own editor (its window: Ardour's toolbar above, our view below).
            var pluginWindow = WaitForWindow(environment, TimeSpan.FromSeconds(60));
            Assert.True(pluginWindow != 0, "Ardour did not open KamHp's editor window" + (ardour.HasExited ? $" (Ardour exited with {ardour.ExitCode})" : ""));
            nuint rootWindow;
            int x, y;
            uint width, height, border, depth;
            Assert.NotEqual(0, TestX11.XGetGeometry(display, pluginWindow, &rootWindow, &x, &y, &width, &height, &border, &depth));
            Assert.True(width >= EditorLayout.DefaultWidth && height >= EditorLayout.DefaultHeight, $"plugin window {width}x{height}");
            var (windowWidth, windowHeight, left, upper) = ((int)width, (int)height, x, y);
            var top = windowHeight - EditorLayout.DefaultHeight;
            var layout = EditorLayout.Compute(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight);
            var knob = layout.BoundsOf(ParameterId.Balance);
            var knobRegion = new SKRectI((int)knob.Left, (int)knob.Top, (int)knob.Right, (int)knob.Bottom);
            SKBitmap Editor()
            {
                using var whole = ScreenGrab.Grab(display, pluginWindow, windowWidth, windowHeight);
                var view = new SKBitmap(EditorLayout.DefaultWidth, EditorLayout.DefaultHeight, SKColorType.Bgra8888, SKAlphaType.Premul);
                Assert.True(whole.ExtractSubset(view, new SKRectI(0, top, EditorLayout.DefaultWidth, top + EditorLayout.DefaultHeight)));
                return view.Copy();
            }

            // 2. Stopped at 0 s, automation holds the knob at -100 % (drums); the editor draws the live input.
            using (var drums = EditorReferenceRender.With(ParameterId.Balance, 0.0))
            {
                Assert.True(WaitFor(() => ShowsKnobOf(Editor(), drums, knobRegion), TimeSpan.FromSeconds(30)), "the knob never showed the automation's -100 %");
            }

            // 3. Play (space over Ardour's main window): the lane ramps to +100 % from 3 s to 5 s and the knob follows.
            var play = ExternalTool.Run("xdotool", ["mousemove", "1200", "600", "sleep", "0.2", "key", "space"], environment, TimeSpan.FromSeconds(20));
            Assert.Equal(0, play.ExitCode);
            using (var melody = EditorReferenceRender.With(ParameterId.Balance, 1.0))
            {
                Assert.True(WaitFor(() => ShowsKnobOf(Editor(), melody, knobRegion), TimeSpan.FromSeconds(40)), "automation did not turn the knob to +100 %");
            }

            using (var playing = Editor())
            {
                ImageComparison.SaveArtefact(playing, "ardour-editor-automated.png");
                Assert.True(ImageComparison.DifferentFraction(playing, EditorReferenceRender.With(ParameterId.Balance, 1.0), ToRect(layout.Meters)) > 0.02,
                    "the meters show nothing: the editor does not draw the sine Ardour plays through it");
            }

            // 4. Drag the Harmonic level fader down with XTest: Ardour takes the edit (begin/perform/end) and saves it.
            var fader = layout.BoundsOf(ParameterId.HarmonicLevel);
            var (fx, fy) = ((int)fader.MidX + left, (int)fader.MidY + upper + top);
            var drag = ExternalTool.Run("xdotool",
                ["mousemove", $"{fx}", $"{fy}", "sleep", "0.2", "mousedown", "1", "sleep", "0.2", "mousemove", $"{fx}", $"{fy + 20}", "sleep", "0.2",
                 "mousemove", $"{fx}", $"{fy + 40}", "sleep", "0.2", "mouseup", "1", "sleep", "0.3", "mousemove", "1200", "600", "sleep", "0.2", "key", "ctrl+s"],
                environment, TimeSpan.FromSeconds(20));
            Assert.Equal(0, drag.ExitCode);
            Assert.True(WaitFor(() => SavedValue(sessionFile, "Harmonic level") is { } level && level < -0.5, TimeSpan.FromSeconds(20)),
                $"Ardour did not save the dragged Harmonic level (saved: {SavedValue(sessionFile, "Harmonic level")})");
            Assert.False(ardour.HasExited, "Ardour exited");
        }
        finally
        {
            if (ardour is not null)
            {
                if (!ardour.HasExited)
                {
                    ardour.Kill(entireProcessTree: true);
                }

                ardour.WaitForExit(10000);
                ardour.Dispose();
            }

            TestX11.XCloseDisplay(display);
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool ShowsKnobOf(SKBitmap actual, SKBitmap expected, SKRectI region)
    {
        using (actual)
        {
            return ImageComparison.DifferentFraction(expected, actual, region) < 0.01;
        }
    }

    private static SKRectI ToRect(SKRect r) => new((int)r.Left, (int)r.Top, (int)r.Right, (int)r.Bottom);

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(250);
        }

        return false;
    }

    private static nuint WaitForWindow(Dictionary<string, string> environment, TimeSpan timeout)
    {
        nuint window = 0;
        WaitFor(() =>
        {
            var search = ExternalTool.Run("xdotool", ["search", "--name", Regex.Escape(WindowTitle)], environment, TimeSpan.FromSeconds(10));
            var first = search.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            window = first is not null && ulong.TryParse(first, CultureInfo.InvariantCulture, out var id) ? (nuint)id : 0;
            return window != 0;
        }, timeout);
        return window;
    }

    private static double? SavedValue(string sessionFile, string name)
    {
        try
        {
            var match = Regex.Match(File.ReadAllText(sessionFile), $"<Controllable name=\"{Regex.Escape(name)}\" [^>]*value=\"([^\"]+)\"");
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (IOException)
        {
            return null;   // being written
        }
    }

    /// <summary>
    /// A fresh user's Ardour asks about the audio system and locked memory; this HOME has answered: the Dummy backend
    /// (hidden by default) with the device the session was made with, no memory warning, first run done.
    /// </summary>
    private static void WriteArdourConfiguration(string home)
    {
        var folder = Path.Combine(home, ".config", "ardour7");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ".a7"), "");
        File.WriteAllText(Path.Combine(folder, "instant.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<instant>\n  <no-memory-warning/>\n</instant>\n");
        File.WriteAllText(Path.Combine(folder, "config"), """
            <?xml version="1.0" encoding="UTF-8"?>
            <Ardour>
              <Config>
                <Option name="hide-dummy-backend" value="0"/>
              </Config>
              <Extra>
                <AudioMIDISetup>
                  <EngineStates>
                    <State backend="None (Dummy)" driver="" device="Sine Wave" input-device="" output-device="" sample-rate="48000" buffer-size="1024" n-periods="0" input-latency="0" output-latency="0" lm-input="" lm-output="" active="1" use-buffered-io="0" midi-option="" lru="1">
                      <MIDIDevices/>
                    </State>
                  </EngineStates>
                </AudioMIDISetup>
              </Extra>
            </Ardour>
            """);
    }

    /// <summary>What Ardour writes when a plugin's own editor is open at save time: it reopens it on load.</summary>
    private static void MarkPluginWindowOpen(string sessionFile, string windowName)
    {
        var text = File.ReadAllText(sessionFile);
        Assert.DoesNotContain("<Extra>", text, StringComparison.Ordinal);
        var window = $"  <Extra>\n    <UI>\n      <Window name=\"{windowName}\" visible=\"1\" x-off=\"0\" y-off=\"0\" x-size=\"800\" y-size=\"534\" custom-ui=\"1\"/>\n    </UI>\n  </Extra>\n</Session>";
        File.WriteAllText(sessionFile, text.Replace("</Session>", window, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"KAMHP\|window\|(P-\d+-\d+)")]
    private static partial Regex WindowPattern();

    private const string SessionScript = """
        io.stdout:setvbuf("no")
        local backend = AudioEngine:set_backend("None (Dummy)", "", "")
        backend:set_device_name("Sine Wave")
        assert(create_session("@DIR@", "editor", 48000), "create_session failed")
        local track = Session:new_audio_track(2, 2, nil, 1, "Music", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true):front()
        track:monitoring_control():set_value(ARDOUR.MonitorChoice.MonitorInput, PBD.GroupControlDisposition.NoGroup)
        track:set_strict_io(true)
        local proc = ARDOUR.LuaAPI.new_plugin(Session, "KamHp", ARDOUR.PluginType.VST3, "")
        assert(not proc:isnil(), "KamHp not found by Ardour")
        assert(track:add_processor_by_index(proc, 0, nil, true) == 0, "add_processor failed")
        local plug = proc:to_insert():plugin(0)
        local balance = -1
        for i = 0, plug:parameter_count() - 1 do
          if plug:parameter_label(i) == "Balance" then balance = i end
        end
        local al, cl, pd = ARDOUR.LuaAPI.plugin_automation(proc, balance)
        cl:add(Temporal.timepos_t(0), -100.0, false, true)
        cl:add(Temporal.timepos_t(48000 * 3), -100.0, false, true)
        cl:add(Temporal.timepos_t(48000 * 5), 100.0, false, true)
        cl:add(Temporal.timepos_t(48000 * 600), 100.0, false, true)
        local ac = proc:to_insert():to_automatable():automation_control(Evoral.Parameter(ARDOUR.AutomationType.PluginAutomation, 0, balance), false)
        ac:set_automation_state(ARDOUR.AutoState.Play)
        Session:save_state("", false, false, false, false, false)
        print("KAMHP|window|P-" .. track:to_stateful():id():to_s() .. "-" .. proc:to_stateful():id():to_s())
        close_session()
        """;
}

/// <summary>Runs alone: Ardour and the Xvfb fixture (which sets DISPLAY for the whole test process).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ArdourEditorGroup
{
    public const string Name = "Ardour editor";
}
