using System.Buffers.Binary;

namespace KamHp.Cli.Audio;

/// <summary>
/// The samples of a WAV file whose header <see cref="WavFile"/> has validated, decoded a block at a time with the
/// same full scale as <see cref="WavFile.Read(string)"/> (PCM value k of b bits is k / 2^(b-1), computed in float
/// as NWaves does, so both paths give the same bits; the tests compare them on every encoding).
/// </summary>
internal sealed class WavBlockReader : IAudioBlockReader
{
    private const int MaxFramesPerRead = 8192;
    private readonly Stream _stream;
    private readonly WavFormat _format;
    private readonly byte[] _buffer;
    private long _framesLeft;

    internal WavBlockReader(Stream stream, WavFormat format, IReadOnlyList<string> notes)
    {
        _stream = stream;
        _format = format;
        _buffer = new byte[MaxFramesPerRead * format.BlockAlign];
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
        int done = 0;
        while (done < count && _framesLeft > 0)
        {
            int n = (int)Math.Min(Math.Min(count - done, MaxFramesPerRead), _framesLeft);
            Span<byte> bytes = _buffer.AsSpan(0, n * _format.BlockAlign);
            _stream.ReadExactly(bytes);
            Decode(bytes, destination, done, n);
            done += n;
            _framesLeft -= n;
        }

        return done;
    }

    public void Dispose() => _stream.Dispose();

    private void Decode(ReadOnlySpan<byte> bytes, float[][] destination, int offset, int frames)
    {
        int channels = _format.ChannelCount;
        int width = _format.BitsPerSample / 8;
        bool isFloat = _format.FormatTag == WavFormat.FloatTag;
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<byte> s = bytes.Slice(((i * channels) + c) * width, width);
                destination[c][offset + i] = (isFloat, width) switch
                {
                    (true, 8) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
                    (true, _) => BinaryPrimitives.ReadSingleLittleEndian(s),
                    (false, 1) => (s[0] - 128) / 128f,
                    (false, 2) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                    (false, 3) => (((s[2] << 24) | (s[1] << 16) | (s[0] << 8)) >> 8) / 8388608f,
                    _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
                };
            }
        }
    }
}
