using System.Runtime.InteropServices;

namespace KamHp.Cli.Live.Jack;

/// <summary>
/// The library functions the process callback calls, resolved once by address and called through unmanaged function
/// pointers. A <c>LibraryImport</c>/<c>DllImport</c> target is bound on its first call, and the binding allocates
/// (48 bytes per function, measured on the audio thread by the JACK test), which the audio thread must not do. A warm-up
/// call before activation would need a MIDI buffer, and PipeWire's <c>jack_midi_get_event_count</c> does not accept a
/// null one, so the functions are bound here instead, on the main thread, before the client is activated.
/// </summary>
internal static unsafe class JackRealtime
{
    private static delegate* unmanaged<nint, uint, void*> s_portGetBuffer;
    private static delegate* unmanaged<void*, uint> s_midiGetEventCount;
    private static delegate* unmanaged<JackMidiEvent*, void*, uint, int> s_midiEventGet;

    /// <summary>Resolves the functions (idempotent). Main thread, before activation.</summary>
    /// <exception cref="JackUnavailableException">The library or one of the functions is missing.</exception>
    public static void Bind()
    {
        if (s_midiEventGet is not null)
        {
            return;
        }

        try
        {
            // The same soname as the imports: the dynamic loader returns the library already loaded (JACK2's, or
            // PipeWire's under pw-jack).
            var library = NativeLibrary.Load(JackNative.Library);
            s_portGetBuffer = (delegate* unmanaged<nint, uint, void*>)NativeLibrary.GetExport(library, "jack_port_get_buffer");
            s_midiGetEventCount = (delegate* unmanaged<void*, uint>)NativeLibrary.GetExport(library, "jack_midi_get_event_count");
            s_midiEventGet = (delegate* unmanaged<JackMidiEvent*, void*, uint, int>)NativeLibrary.GetExport(library, "jack_midi_event_get");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new JackUnavailableException($"{JackNative.Library}: {e.Message}", e);
        }
    }

    /// <summary>jack_port_get_buffer (audio thread).</summary>
    public static void* PortGetBuffer(nint port, uint frames) => s_portGetBuffer(port, frames);

    /// <summary>jack_midi_get_event_count (audio thread; never with a null buffer).</summary>
    public static uint MidiGetEventCount(void* portBuffer) => s_midiGetEventCount(portBuffer);

    /// <summary>jack_midi_event_get (audio thread).</summary>
    public static int MidiEventGet(JackMidiEvent* midiEvent, void* portBuffer, uint eventIndex) => s_midiEventGet(midiEvent, portBuffer, eventIndex);
}
