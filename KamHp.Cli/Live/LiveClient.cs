using System.Diagnostics;
using System.Runtime.InteropServices;
using AudioPlugSharp.KamHp.Processing;
using KamHp.Cli.Live.Jack;

namespace KamHp.Cli.Live;

/// <summary>
/// <c>kamhp live</c>'s JACK client: ports <c>in_L</c>, <c>in_R</c>, <c>out_L</c>, <c>out_R</c> (the mix, the plugin's
/// main output), <c>harmonic_L/R</c>, <c>percussive_L/R</c> and <c>midi_in</c>; a process callback that runs the
/// <see cref="LiveProcessor"/> on each period; a latency callback that adds the engine's latency to what JACK computes,
/// so recorders and players downstream compensate it; xrun and shutdown notifications.
/// </summary>
/// <remarks>
/// The process callback follows the plugin's audio-thread rules: no allocation, lock, I/O or exception. It measures
/// itself: <see cref="CallbackAllocatedBytes"/> sums <see cref="GC.GetAllocatedBytesForCurrentThread"/> across every
/// callback body since activation (the tests require 0). Callbacks reach this object through a GC handle passed as
/// JACK's argument pointer and [UnmanagedCallersOnly] functions, so there are no delegates for the GC to move or free.
/// </remarks>
internal sealed unsafe class LiveClient : IDisposable
{
    /// <summary>MIDI messages kept per period (more are dropped; a controller sends far fewer).</summary>
    public const int MaxMidiMessagesPerPeriod = 1024;

    /// <summary>Audio input port names (left, right).</summary>
    public static readonly string[] InputPorts = ["in_L", "in_R"];

    /// <summary>Audio output port names: mix, harmonic, percussive, each left then right.</summary>
    public static readonly string[] OutputPorts = ["out_L", "out_R", "harmonic_L", "harmonic_R", "percussive_L", "percussive_R"];

    /// <summary>MIDI input port name.</summary>
    public const string MidiPort = "midi_in";

    private readonly LiveProcessor _live;
    private readonly nint[] _inputs = new nint[2];
    private readonly nint[] _outputs = new nint[6];
    private readonly MidiMessage[] _midi = new MidiMessage[MaxMidiMessagesPerPeriod];
    private nint _client;
    private nint _midiPort;
    private GCHandle _self;
    private bool _active;
    private long _callbacks;
    private long _allocatedBytes;
    private long _maxCallbackTicks;
    private int _xruns;
    private int _shutdown;

    private LiveClient(LiveProcessor live, nint client)
    {
        _live = live;
        _client = client;
        Name = JackApi.ClientName(client);
        SampleRateHz = JackNative.GetSampleRate(client);
        PeriodFrames = (int)Math.Clamp(JackNative.GetBufferSize(client), 1u, 1u << 20);
    }

    /// <summary>The client's name on the server.</summary>
    public string Name { get; }

    /// <summary>The server's sample rate, in Hz.</summary>
    public double SampleRateHz { get; }

    /// <summary>The server's period at activation, in frames (a later change is handled: the engine takes any block size).</summary>
    public int PeriodFrames { get; }

    /// <summary>Process callbacks run since activation.</summary>
    public long Callbacks => Volatile.Read(ref _callbacks);

    /// <summary>Bytes allocated on the audio thread inside the process callbacks since activation (must stay 0).</summary>
    public long CallbackAllocatedBytes => Volatile.Read(ref _allocatedBytes);

    /// <summary>Xruns the server reported since activation.</summary>
    public int XRuns => Volatile.Read(ref _xruns);

    /// <summary>True once the server has shut down or thrown the client out.</summary>
    public bool IsShutDown => Volatile.Read(ref _shutdown) != 0;

    /// <summary>The server's DSP load, percent of the period.</summary>
    public float CpuLoadPercent => IsShutDown ? 0f : JackNative.CpuLoad(_client);

    /// <summary>Opens the client and registers its ports (not yet active).</summary>
    /// <exception cref="JackUnavailableException">JACK is missing or not running, or refused the client or a port.</exception>
    public static LiveClient Open(LiveProcessor live, string name, string? serverName, bool quiet)
    {
        ArgumentNullException.ThrowIfNull(live);
        var client = new LiveClient(live, JackApi.Open(name, serverName, quiet));
        try
        {
            for (var i = 0; i < InputPorts.Length; i++)
            {
                client._inputs[i] = client.Register(InputPorts[i], JackNative.AudioType, JackPortFlags.IsInput);
            }

            for (var i = 0; i < OutputPorts.Length; i++)
            {
                client._outputs[i] = client.Register(OutputPorts[i], JackNative.AudioType, JackPortFlags.IsOutput);
            }

            client._midiPort = client.Register(MidiPort, JackNative.MidiType, JackPortFlags.IsInput);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Maximum callback duration since the last call, in seconds (display thread; resets it).</summary>
    public double TakeMaxCallbackSeconds() => (double)Interlocked.Exchange(ref _maxCallbackTicks, 0) / Stopwatch.Frequency;

    /// <summary>Prepares the engine for the server's rate and period, installs the callbacks and activates the client.</summary>
    public void Activate()
    {
        _live.Activate(SampleRateHz, PeriodFrames);
        JackRealtime.Bind();
        _self = GCHandle.Alloc(this);
        var self = GCHandle.ToIntPtr(_self);
        Check(JackNative.SetProcessCallback(_client, &OnProcess, self), "the process callback");
        Check(JackNative.SetLatencyCallback(_client, &OnLatency, self), "the latency callback");
        Check(JackNative.SetXRunCallback(_client, &OnXRun, self), "the xrun callback");
        JackNative.OnShutdown(_client, &OnShutdown, self);
        Check(JackNative.Activate(_client), "activation");
        _active = true;
    }

    /// <summary>
    /// Connects the first two physical capture ports to <c>in_L</c>/<c>in_R</c> and <c>out_L</c>/<c>out_R</c> to the
    /// first two physical playback ports (one port of a kind serves both channels). Returns what was connected.
    /// </summary>
    public IReadOnlyList<string> ConnectToSystem()
    {
        var made = new List<string>();
        var capture = JackApi.FindPorts(_client, null, JackNative.AudioType, JackPortFlags.IsPhysical | JackPortFlags.IsOutput);
        var playback = JackApi.FindPorts(_client, null, JackNative.AudioType, JackPortFlags.IsPhysical | JackPortFlags.IsInput);
        for (var c = 0; c < 2; c++)
        {
            if (capture.Count > 0 && JackApi.Connect(_client, capture[Math.Min(c, capture.Count - 1)], FullName(InputPorts[c])))
            {
                made.Add($"{capture[Math.Min(c, capture.Count - 1)]} -> {FullName(InputPorts[c])}");
            }

            if (playback.Count > 0 && JackApi.Connect(_client, FullName(OutputPorts[c]), playback[Math.Min(c, playback.Count - 1)]))
            {
                made.Add($"{FullName(OutputPorts[c])} -> {playback[Math.Min(c, playback.Count - 1)]}");
            }
        }

        return made;
    }

    /// <summary>"client:port" for one of this client's ports.</summary>
    public string FullName(string port) => Name + ":" + port;

    /// <summary>Asks JACK to recompute latencies (after the engine's latency changed).</summary>
    public void RecomputeLatencies()
    {
        if (!IsShutDown)
        {
            _ = JackNative.RecomputeTotalLatencies(_client);   // a failure leaves the previous figures: nothing better to do
        }
    }

    /// <summary>Deactivates and closes the client (the ports go with it). Safe to call twice.</summary>
    public void Dispose()
    {
        if (_client != 0)
        {
            if (_active && !IsShutDown)
            {
                _ = JackNative.Deactivate(_client);   // on the way out: a failure changes nothing we can act on
            }

            _ = JackNative.ClientClose(_client);
            _client = 0;
            _active = false;
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    private nint Register(string name, string type, JackPortFlags flags)
    {
        var port = JackNative.PortRegister(_client, name, type, flags, 0);
        return port != 0 ? port : throw new JackUnavailableException($"JACK refused to register the port {name}.");
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new JackUnavailableException($"JACK refused {what} (error {result}).");
        }
    }

    private static LiveClient From(nint arg) => (LiveClient)GCHandle.FromIntPtr(arg).Target!;

    [UnmanagedCallersOnly]
    private static int OnProcess(uint frames, nint arg)
    {
        From(arg).Process(frames);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static void OnLatency(JackLatencyMode mode, nint arg) => From(arg).ReportLatency(mode);

    [UnmanagedCallersOnly]
    private static int OnXRun(nint arg)
    {
        Interlocked.Increment(ref From(arg)._xruns);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static void OnShutdown(nint arg) => Volatile.Write(ref From(arg)._shutdown, 1);

    private void Process(uint jackFrames)
    {
        var start = Stopwatch.GetTimestamp();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var frames = (int)Math.Min(jackFrames, 1u << 20);
        var inLeft = (float*)JackRealtime.PortGetBuffer(_inputs[0], jackFrames);
        var inRight = (float*)JackRealtime.PortGetBuffer(_inputs[1], jackFrames);
        var block = new AudioBlock
        {
            InputLeft = Samples(inLeft, frames),
            InputRight = Samples(inRight, frames),
            MainLeft = Samples((float*)JackRealtime.PortGetBuffer(_outputs[0], jackFrames), frames),
            MainRight = Samples((float*)JackRealtime.PortGetBuffer(_outputs[1], jackFrames), frames),
            HarmonicLeft = Samples((float*)JackRealtime.PortGetBuffer(_outputs[2], jackFrames), frames),
            HarmonicRight = Samples((float*)JackRealtime.PortGetBuffer(_outputs[3], jackFrames), frames),
            PercussiveLeft = Samples((float*)JackRealtime.PortGetBuffer(_outputs[4], jackFrames), frames),
            PercussiveRight = Samples((float*)JackRealtime.PortGetBuffer(_outputs[5], jackFrames), frames),
        };
        var midiCount = ReadMidi(JackRealtime.PortGetBuffer(_midiPort, jackFrames), frames);
        if (block.MainLeft.IsEmpty || block.MainRight.IsEmpty)
        {
            // No main output buffer (a broken server): nothing sensible to write; the engine keeps its own time.
            frames = 0;
        }

        _live.Process(block, frames, _midi.AsSpan(0, midiCount));

        Volatile.Write(ref _allocatedBytes, _allocatedBytes + (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore));
        Volatile.Write(ref _callbacks, _callbacks + 1);
        var ticks = Stopwatch.GetTimestamp() - start;
        if (ticks > Volatile.Read(ref _maxCallbackTicks))
        {
            Volatile.Write(ref _maxCallbackTicks, ticks);
        }
    }

    private static Span<float> Samples(float* buffer, int frames) => buffer is null ? default : new Span<float>(buffer, frames);

    /// <summary>Copies the period's short MIDI messages (1..3 bytes, channel messages) with their frames.</summary>
    private int ReadMidi(void* buffer, int frames)
    {
        if (buffer is null)
        {
            return 0;
        }

        var count = (int)Math.Min(JackRealtime.MidiGetEventCount(buffer), (uint)_midi.Length);
        var kept = 0;
        JackMidiEvent midiEvent;
        for (var i = 0; i < count; i++)
        {
            if (JackRealtime.MidiEventGet(&midiEvent, buffer, (uint)i) != 0 || midiEvent.Size is 0 or > 3 || midiEvent.Buffer is null)
            {
                continue;
            }

            var status = midiEvent.Buffer[0];
            if (status is < 0x80 or >= 0xF0)
            {
                continue;   // running status is not used by JACK; system messages are not for us
            }

            var frame = (int)Math.Min(midiEvent.Time, (uint)Math.Max(0, frames - 1));
            _midi[kept++] = new MidiMessage(frame, status,
                midiEvent.Size > 1 ? midiEvent.Buffer[1] : (byte)0, midiEvent.Size > 2 ? midiEvent.Buffer[2] : (byte)0);
        }

        return kept;
    }

    private void ReportLatency(JackLatencyMode mode)
    {
        var latency = (uint)Math.Max(0, _live.LatencySamples);
        JackLatencyRange range;
        for (var c = 0; c < 2; c++)
        {
            if (mode == JackLatencyMode.Capture)
            {
                // Outputs carry data as old as the input's plus the engine's delay.
                JackNative.PortGetLatencyRange(_inputs[c], mode, &range);
                range.Min += latency;
                range.Max += latency;
                for (var k = c; k < _outputs.Length; k += 2)
                {
                    JackNative.PortSetLatencyRange(_outputs[k], mode, &range);
                }
            }
            else
            {
                // The input is heard after the engine's delay plus the shortest (and longest) way out through the
                // connected outputs; an unconnected output is no way out, so it does not pull the minimum to 0.
                var combined = new JackLatencyRange { Min = uint.MaxValue, Max = 0 };
                for (var k = c; k < _outputs.Length; k += 2)
                {
                    if (JackNative.PortConnected(_outputs[k]) > 0)
                    {
                        JackNative.PortGetLatencyRange(_outputs[k], mode, &range);
                        combined.Min = Math.Min(combined.Min, range.Min);
                        combined.Max = Math.Max(combined.Max, range.Max);
                    }
                }

                combined.Min = combined.Min == uint.MaxValue ? 0 : combined.Min;
                combined.Min += latency;
                combined.Max += latency;
                JackNative.PortSetLatencyRange(_inputs[c], mode, &combined);
            }
        }
    }
}
