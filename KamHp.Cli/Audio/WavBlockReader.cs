namespace KamHp.Cli.Audio;

/// <summary>
/// The samples of a WAV file whose header <see cref="WavFile"/> has validated, decoded a block at a time by the
/// decoder of <see cref="WavFile.Read(string)"/> (<see cref="WavSampleDecoder"/>), so both paths give the same bits.
/// </summary>
internal sealed class WavBlockReader : IAudioBlockReader
{
    private readonly Stream _stream;
    private readonly WavFormat _format;
    private readonly WavSampleDecoder _decoder;
    private long _framesLeft;

    internal WavBlockReader(Stream stream, WavFormat format, IReadOnlyList<string> notes)
    {
        _stream = stream;
        _format = format;
        _decoder = new WavSampleDecoder(format);
        _framesLeft = format.FrameCount;
        Notes = notes;
        stream.Position = format.DataOffset;
    }

    public int SampleRateHz => _format.SampleRateHz;

    public int ChannelCount => _format.ChannelCount;

    public long FrameCount => _format.FrameCount;

    public AudioContainer Container => AudioContainer.Wav;

    public IReadOnlyList<string> Notes { get; }

    public int Read(float[][] destination, int count)
    {
        int n = (int)Math.Min(count, _framesLeft);
        if (n <= 0)
        {
            return 0;
        }

        _decoder.Read(_stream, destination, 0, n);
        _framesLeft -= n;
        return n;
    }

    public void Dispose() => _stream.Dispose();
}
