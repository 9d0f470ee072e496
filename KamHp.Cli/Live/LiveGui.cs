using System.Diagnostics;
using System.Runtime.InteropServices;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Editor.X11;
using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Cli.Live;

/// <summary>
/// <c>kamhp live --gui</c>: the plugin's editor (the same <see cref="EditorView"/>, drawing and view model) in a
/// top-level X11 window, driven by the CLI's own loop on the main thread, never by the audio thread. Edits go through
/// <see cref="LiveEditSink"/> into the same request ring as the arrow keys; values changed elsewhere (MIDI, the
/// processor's latency) move the controls; meters and spectrogram read the processor's editor feed, which the audio
/// thread fills without allocation or locks and never waits for.
/// </summary>
internal sealed partial class LiveGui : IDisposable
{
    /// <summary>Repaint and meter period, as the plugin's editor timer.</summary>
    public const int FrameMilliseconds = 30;

    private static readonly int s_latency = ParameterTable.IndexOf(ParameterId.Latency);

    private readonly LiveProcessor _live;
    private readonly LiveEditSink _sink;
    private readonly EditorView _view;
    private readonly X11EditorWindow _window;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private LiveGui(LiveProcessor live, LiveEditSink sink, EditorView view, X11EditorWindow window)
    {
        _live = live;
        _sink = sink;
        _view = view;
        _window = window;
    }

    /// <summary>The view shown (tests).</summary>
    public EditorView View => _view;

    /// <summary>The X window (tests).</summary>
    public X11EditorWindow Window => _window;

    /// <summary>True once the user closed the window.</summary>
    public bool CloseRequested => _window.CloseRequested;

    /// <summary>Opens the window on <paramref name="displayName"/> (null: DISPLAY); null and the reason when X refuses.</summary>
    public static LiveGui? Open(LiveProcessor live, string title, string? displayName, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(live);
        var sink = new LiveEditSink(live.Requests);
        Span<double> values = stackalloc double[ParameterTable.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = live.GetNormalized(ParameterTable.All[i].Id);
        }

        var view = new EditorView(new EditorViewModel(sink, values), live.EditorFeed);
        var window = X11EditorWindow.CreateTopLevel(view, title, displayName, out failure);
        if (window is null)
        {
            view.Dispose();
            return null;
        }

        var gui = new LiveGui(live, sink, view, window);
        gui.Frame();
        return gui;
    }

    /// <summary>Runs frames until the window is closed, <paramref name="stop"/> fires or the server goes away.</summary>
    public void Run(LiveClient client, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        var latency = _live.LatencySamples;
        var next = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested && !client.IsShutDown && !CloseRequested)
        {
            // Pointer events are handled as they arrive; the meters and the picture advance once per frame.
            var timeout = Math.Max(0, (int)Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next).TotalMilliseconds);
            if (WaitForInput(_window.ConnectionFileDescriptor, Math.Min(timeout, FrameMilliseconds)))
            {
                _window.ProcessEvents();
                _window.Present();
            }

            if (Stopwatch.GetTimestamp() >= next)
            {
                Frame();
                next = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * FrameMilliseconds / 1000);
            }

            if (_live.LatencySamples != latency)
            {
                latency = _live.LatencySamples;
                client.RecomputeLatencies();
            }
        }
    }

    /// <summary>One frame: native events, values from the processor, new analysis data, repaint.</summary>
    public void Frame()
    {
        _window.ProcessEvents();
        _sink.Flush();
        SyncFromProcessor();
        var elapsed = (float)_clock.Elapsed.TotalSeconds;
        _clock.Restart();
        _view.Tick(elapsed);
        _window.Present();
    }

    public void Dispose()
    {
        _window.Dispose();
        _view.Dispose();
    }

    /// <summary>Values changed by MIDI or by the processor move the controls; the window's own edits in flight win.</summary>
    private void SyncFromProcessor()
    {
        var model = _view.Model;
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            var id = ParameterTable.All[i].Id;
            if (model.ActiveGesture == id || _sink.IsSettling(i))
            {
                continue;
            }

            var value = i == s_latency
                ? ParameterTable.All[i].ToNormalized(_live.LatencySamples)
                : _live.Requests.PendingOr(i, _live.GetNormalized(id));
            if (value != model.Get(id))
            {
                model.SetFromHost((uint)id, value);
            }
        }
    }

    private static unsafe bool WaitForInput(int fileDescriptor, int timeoutMs)
    {
        var fd = new PollFd { Fd = fileDescriptor, Events = 1 };   // POLLIN
        return Poll(&fd, 1, timeoutMs) > 0;
    }

    [LibraryImport("libc", EntryPoint = "poll")]
    private static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }
}
