using System.Runtime.InteropServices;

namespace KamHp.Cli.Live.Jack;

/// <summary>
/// The part of the JACK client API (<c>jack/jack.h</c>, <c>jack/midiport.h</c>, <c>jack/types.h</c>) that
/// <c>kamhp live</c> uses, bound to <c>libjack.so.0</c>: JACK2's library and PipeWire's JACK replacement export the same
/// symbols, so the one binding serves both. Only blittable types cross the boundary (strings are passed as UTF-8 by the
/// generated stubs, outside the audio thread), so it works unchanged under NativeAOT.
/// </summary>
/// <remarks>
/// <para><c>jack_client_open</c> is variadic (the server name follows when <see cref="JackOptions.ServerName"/> is
/// set). It is declared here with that one extra pointer argument: on the System V x86-64 and AAPCS64 (Linux) calling
/// conventions a variadic pointer travels exactly like a fixed one. The library ignores it without the flag.</para>
/// <para><c>unsigned long</c> is 64-bit on Linux (LP64), hence <see cref="nuint"/>; <c>jack_nframes_t</c> is
/// <see cref="uint"/>.</para>
/// </remarks>
internal static unsafe partial class JackNative
{
    /// <summary>The library's soname, as the JACK2 and pipewire-jack packages install it.</summary>
    public const string Library = "libjack.so.0";

    /// <summary>JACK_DEFAULT_AUDIO_TYPE.</summary>
    public const string AudioType = "32 bit float mono audio";

    /// <summary>JACK_DEFAULT_MIDI_TYPE.</summary>
    public const string MidiType = "8 bit raw midi";

    [LibraryImport(Library, EntryPoint = "jack_client_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ClientOpen(string clientName, JackOptions options, out JackStatus status, string? serverName);

    [LibraryImport(Library, EntryPoint = "jack_client_close")]
    public static partial int ClientClose(nint client);

    [LibraryImport(Library, EntryPoint = "jack_get_client_name")]
    public static partial byte* GetClientName(nint client);

    [LibraryImport(Library, EntryPoint = "jack_activate")]
    public static partial int Activate(nint client);

    [LibraryImport(Library, EntryPoint = "jack_deactivate")]
    public static partial int Deactivate(nint client);

    [LibraryImport(Library, EntryPoint = "jack_set_process_callback")]
    public static partial int SetProcessCallback(nint client, delegate* unmanaged<uint, nint, int> callback, nint arg);

    [LibraryImport(Library, EntryPoint = "jack_set_latency_callback")]
    public static partial int SetLatencyCallback(nint client, delegate* unmanaged<JackLatencyMode, nint, void> callback, nint arg);

    [LibraryImport(Library, EntryPoint = "jack_set_xrun_callback")]
    public static partial int SetXRunCallback(nint client, delegate* unmanaged<nint, int> callback, nint arg);

    [LibraryImport(Library, EntryPoint = "jack_on_shutdown")]
    public static partial void OnShutdown(nint client, delegate* unmanaged<nint, void> callback, nint arg);

    [LibraryImport(Library, EntryPoint = "jack_set_error_function")]
    public static partial void SetErrorFunction(delegate* unmanaged<byte*, void> callback);

    [LibraryImport(Library, EntryPoint = "jack_set_info_function")]
    public static partial void SetInfoFunction(delegate* unmanaged<byte*, void> callback);

    [LibraryImport(Library, EntryPoint = "jack_port_register", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint PortRegister(nint client, string portName, string portType, JackPortFlags flags, nuint bufferSize);

    [LibraryImport(Library, EntryPoint = "jack_port_get_buffer")]
    public static partial void* PortGetBuffer(nint port, uint frames);

    [LibraryImport(Library, EntryPoint = "jack_port_name")]
    public static partial byte* PortName(nint port);

    [LibraryImport(Library, EntryPoint = "jack_port_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint PortByName(nint client, string portName);

    [LibraryImport(Library, EntryPoint = "jack_port_connected")]
    public static partial int PortConnected(nint port);

    [LibraryImport(Library, EntryPoint = "jack_port_get_latency_range")]
    public static partial void PortGetLatencyRange(nint port, JackLatencyMode mode, JackLatencyRange* range);

    [LibraryImport(Library, EntryPoint = "jack_port_set_latency_range")]
    public static partial void PortSetLatencyRange(nint port, JackLatencyMode mode, JackLatencyRange* range);

    [LibraryImport(Library, EntryPoint = "jack_recompute_total_latencies")]
    public static partial int RecomputeTotalLatencies(nint client);

    [LibraryImport(Library, EntryPoint = "jack_get_ports", StringMarshalling = StringMarshalling.Utf8)]
    public static partial byte** GetPorts(nint client, string? portNamePattern, string? typeNamePattern, JackPortFlags flags);

    [LibraryImport(Library, EntryPoint = "jack_free")]
    public static partial void Free(void* pointer);

    [LibraryImport(Library, EntryPoint = "jack_connect", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Connect(nint client, string sourcePort, string destinationPort);

    [LibraryImport(Library, EntryPoint = "jack_get_sample_rate")]
    public static partial uint GetSampleRate(nint client);

    [LibraryImport(Library, EntryPoint = "jack_get_buffer_size")]
    public static partial uint GetBufferSize(nint client);

    [LibraryImport(Library, EntryPoint = "jack_cpu_load")]
    public static partial float CpuLoad(nint client);

    [LibraryImport(Library, EntryPoint = "jack_last_frame_time")]
    public static partial uint LastFrameTime(nint client);

    [LibraryImport(Library, EntryPoint = "jack_midi_get_event_count")]
    public static partial uint MidiGetEventCount(void* portBuffer);

    [LibraryImport(Library, EntryPoint = "jack_midi_event_get")]
    public static partial int MidiEventGet(JackMidiEvent* midiEvent, void* portBuffer, uint eventIndex);

    [LibraryImport(Library, EntryPoint = "jack_midi_clear_buffer")]
    public static partial void MidiClearBuffer(void* portBuffer);

    [LibraryImport(Library, EntryPoint = "jack_midi_event_write")]
    public static partial int MidiEventWrite(void* portBuffer, uint time, byte* data, nuint size);

    /// <summary>A NUL-terminated UTF-8 string owned by the library, or null.</summary>
    public static string? Text(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);
}

/// <summary>jack_options_t.</summary>
[Flags]
internal enum JackOptions
{
    None = 0,
    NoStartServer = 0x01,
    UseExactName = 0x02,
    ServerName = 0x04,
}

/// <summary>jack_status_t.</summary>
[Flags]
internal enum JackStatus
{
    None = 0,
    Failure = 0x01,
    InvalidOption = 0x02,
    NameNotUnique = 0x04,
    ServerStarted = 0x08,
    ServerFailed = 0x10,
    ServerError = 0x20,
    NoSuchClient = 0x40,
    LoadFailure = 0x80,
    InitFailure = 0x100,
    ShmFailure = 0x200,
    VersionError = 0x400,
}

/// <summary>JackPortFlags (passed as <c>unsigned long</c>).</summary>
[Flags]
internal enum JackPortFlags : ulong
{
    None = 0,
    IsInput = 0x1,
    IsOutput = 0x2,
    IsPhysical = 0x4,
    CanMonitor = 0x8,
    IsTerminal = 0x10,
}

/// <summary>jack_latency_callback_mode_t.</summary>
internal enum JackLatencyMode
{
    /// <summary>Latency from the capture side (how old a port's data is).</summary>
    Capture = 0,

    /// <summary>Latency to the playback side (how long until a port's data is heard).</summary>
    Playback = 1,
}

/// <summary>jack_latency_range_t, in frames.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct JackLatencyRange
{
    public uint Min;
    public uint Max;
}

/// <summary>jack_midi_event_t: frame offset in the period, size in bytes, pointer to the raw bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct JackMidiEvent
{
    public uint Time;
    public nuint Size;
    public byte* Buffer;
}
