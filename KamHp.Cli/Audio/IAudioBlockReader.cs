namespace KamHp.Cli.Audio;

/// <summary>
/// An input read a block at a time (<c>kamhp separate --streaming</c>): memory independent of its length.
/// </summary>
internal interface IAudioBlockReader : IDisposable
{
    /// <summary>Sample rate in Hz, greater than zero.</summary>
    int SampleRateHz { get; }

    /// <summary>Channels delivered, 1..<see cref="Downmix.MaxInputChannels"/>.</summary>
    int ChannelCount { get; }

    /// <summary>Frames the input holds (from the WAV header, libsndfile's exact count, or counted by decoding once).</summary>
    long FrameCount { get; }

    /// <summary>The container it came in.</summary>
    AudioContainer Container { get; }

    /// <summary>Remarks for verbose output.</summary>
    IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// Reads up to <paramref name="count"/> frames into <c>destination[c][0..]</c>; returns the frames read, 0 at the end.
    /// </summary>
    /// <exception cref="WavFormatException">The input cannot be decoded (one-line message).</exception>
    int Read(float[][] destination, int count);
}

/// <summary>A clip already in memory, handed out in blocks (pipes, which cannot be read twice or seeked).</summary>
internal sealed class ClipBlockReader(DecodedAudio audio) : IAudioBlockReader
{
    private readonly AudioClip _clip = audio.Clip;
    private int _position;

    public int SampleRateHz => _clip.SampleRateHz;

    public int ChannelCount => _clip.ChannelCount;

    public long FrameCount => _clip.FrameCount;

    public AudioContainer Container => audio.Container;

    public IReadOnlyList<string> Notes => audio.Notes;

    public int Read(float[][] destination, int count)
    {
        int n = Math.Min(count, _clip.FrameCount - _position);
        for (int c = 0; c < _clip.ChannelCount; c++)
        {
            _clip.Channels[c].AsSpan(_position, n).CopyTo(destination[c]);
        }

        _position += n;
        return n;
    }

    public void Dispose()
    {
    }
}
