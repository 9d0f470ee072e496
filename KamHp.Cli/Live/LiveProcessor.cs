using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Dsp;

namespace KamHp.Cli.Live;

/// <summary>
/// The body of <c>kamhp live</c>'s process callback, without JACK: the plugin model (<see cref="KamHpProcessor"/>,
/// the same parameter table, balance law, smoothing and bypass as the VST3 plugin) fed with each period's audio and
/// with parameter steps from MIDI and from the terminal, plus the meters. A JACK period is a host block.
/// </summary>
/// <remarks>
/// Threading: <see cref="Activate"/> on the main thread while the audio is stopped; <see cref="Process"/> on the audio
/// thread, where it allocates nothing and takes no lock (test); everything else is safe from the display thread.
/// </remarks>
internal sealed class LiveProcessor
{
    private readonly KamHpProcessor _processor = new();
    private readonly ParameterSteps _steps;

    /// <summary>A processor starting from <paramref name="state"/> (the command line's parameter values).</summary>
    public LiveProcessor(PluginState state, MidiMapping mapping, bool learn)
    {
        ArgumentNullException.ThrowIfNull(state);
        _processor.AdoptState(state);
        var values = new double[ParameterTable.Count];
        state.CopyTo(values);
        _steps = new ParameterSteps(values);
        Mapping = mapping;
        Midi = new MidiMapper(mapping, learn);
    }

    /// <summary>The MIDI assignment.</summary>
    public MidiMapping Mapping { get; }

    /// <summary>MIDI mapping and learn state.</summary>
    public MidiMapper Midi { get; }

    /// <summary>Changes asked for by the terminal, applied at the start of the next period.</summary>
    public ParameterRequests Requests { get; } = new();

    /// <summary>Meters and spectrogram data for the <c>--gui</c> window (the plugin editor's feed; the audio thread never waits for it).</summary>
    public AudioPlugSharp.KamHp.Editor.EditorFeed EditorFeed => _processor.EditorFeed;

    /// <summary>Peak meters.</summary>
    public LiveMeters Meters { get; } = new();

    /// <summary>Latency of the audio in samples (what the JACK ports report on top of their neighbours').</summary>
    public int LatencySamples => _processor.LatencySamples;

    /// <summary>Sample rate of the last <see cref="Activate"/>, in Hz.</summary>
    public double SampleRateHz { get; private set; }

    /// <summary>The current normalized value of a parameter (any thread).</summary>
    public double GetNormalized(ParameterId id) => _processor.GetNormalized(id);

    /// <summary>The current plain value of a parameter (any thread).</summary>
    public double GetPlain(ParameterId id) => ParameterTable.Get(id).ToPlain(_processor.GetNormalized(id));

    /// <summary>
    /// Prepares for the server's rate and period (stereo) and runs the process path on a second of silence so the first
    /// real periods do not pay for first-call costs (type initialisation, JIT), then starts a fresh stream.
    /// </summary>
    public void Activate(double sampleRateHz, int periodFrames)
    {
        _processor.Activate(sampleRateHz, periodFrames, 2);
        var silence = new float[periodFrames];
        var scratch = new float[6][];
        for (var i = 0; i < scratch.Length; i++)
        {
            scratch[i] = new float[periodFrames];
        }

        // One second of audio: every slice of the engine's frame work runs at least once (JIT), so the first real
        // periods do not stall (measured: a longest callback of 80 ms in the first seconds with a 4-period warm-up).
        var periods = Math.Max(4, (int)Math.Ceiling(sampleRateHz / periodFrames));
        for (var i = 0; i < periods; i++)
        {
            Process(
                new AudioBuffer(silence, silence), new AudioBuffer(scratch[0], scratch[1]), new AudioBuffer(scratch[2], scratch[3]),
                new AudioBuffer(scratch[4], scratch[5]), periodFrames, []);
        }

        Meters.Take();
        _processor.Activate(sampleRateHz, periodFrames, 2);
        SampleRateHz = sampleRateHz;
    }

    /// <summary>
    /// One period: terminal requests (at frame 0), then MIDI messages (at their frames, in order), then the audio.
    /// Audio thread. Frames of messages outside the period are clamped into it.
    /// </summary>
    public void Process(AudioBuffer input, AudioBuffer main, AudioBuffer harmonic, AudioBuffer percussive, int frames, ReadOnlySpan<MidiMessage> midi)
    {
        _steps.Clear();
        Requests.Drain(_steps);
        Midi.Apply(midi, _steps);
        _processor.Process(input, main, harmonic, percussive, frames, _steps.QueueCount > 0 ? _steps : null);
        if (frames > 0)
        {
            Meters.Record(Prefix(input.ChannelOrEmpty(0), frames), Prefix(input.ChannelOrEmpty(1), frames), Prefix(harmonic.ChannelOrEmpty(0), frames),
                Prefix(harmonic.ChannelOrEmpty(1), frames), Prefix(percussive.ChannelOrEmpty(0), frames), Prefix(percussive.ChannelOrEmpty(1), frames),
                Prefix(main.ChannelOrEmpty(0), frames), Prefix(main.ChannelOrEmpty(1), frames));
        }
    }

    private static ReadOnlySpan<float> Prefix(ReadOnlySpan<float> span, int frames) => span[..Math.Min(frames, span.Length)];
}
