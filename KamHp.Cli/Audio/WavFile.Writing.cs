using System.Buffers.Binary;
using System.Text;
using NWaves.Audio;
using NWaves.Signals;

namespace KamHp.Cli.Audio;

public static partial class WavFile
{
    private const int FloatFmtBytes = 18;
    private const int FloatHeaderBytes = RiffHeaderBytes + ChunkHeaderBytes + FloatFmtBytes + ChunkHeaderBytes + 4 + ChunkHeaderBytes;

    /// <summary>
    /// Writes several files as one step: every file goes to a temporary file first, and only when all of them
    /// are complete are they renamed into place. If any fails, the temporary files are deleted and no
    /// destination changes.
    /// </summary>
    /// <exception cref="ArgumentException">A clip is invalid (see <see cref="Write"/>) or two destinations are the same file.</exception>
    /// <exception cref="IOException">A file cannot be written or renamed.</exception>
    internal static void WriteAll(IReadOnlyList<(string Path, AudioClip Clip)> files, WavEncoding encoding) =>
        OutputWriter.WriteAll([.. files.Select(f => new OutputFile(f.Path, f.Clip, AudioContainer.Wav, encoding))], CancellationToken.None);

    /// <summary>Checks <paramref name="encoding"/> is known (as <see cref="WriteAll"/> requires).</summary>
    internal static void CheckEncoding(WavEncoding encoding)
    {
        if (!Enum.IsDefined(encoding))
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown WAV encoding");
        }
    }

    /// <summary>Writes one WAV file at <paramref name="temporary"/> (created new), checking for cancellation between blocks.</summary>
    internal static void WriteTemporary(string temporary, AudioClip clip, WavEncoding encoding, CancellationToken cancellation)
    {
        CheckEncoding(encoding);
        ValidateClip(clip, encoding);
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        if (encoding is WavEncoding.Float32 or WavEncoding.Float64)
        {
            WriteFloat(stream, clip, encoding == WavEncoding.Float64 ? 64 : 32, cancellation);
        }
        else
        {
            WritePcm(stream, clip, BitsOf(encoding));
        }

        stream.Flush(flushToDisk: true);
    }

    private static void ValidateClip(AudioClip clip, WavEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(clip.Channels, nameof(clip));
        if (clip.ChannelCount is < 1 or > 2)
        {
            throw new ArgumentException(Invariant($"a WAV clip needs 1 or 2 channels, this one has {clip.ChannelCount}"), nameof(clip));
        }

        if (clip.SampleRateHz <= 0)
        {
            throw new ArgumentException(Invariant($"sample rate must be above 0 Hz, not {clip.SampleRateHz}"), nameof(clip));
        }

        for (int c = 0; c < clip.ChannelCount; c++)
        {
            if (clip.Channels[c] is null || clip.Channels[c].Length != clip.FrameCount)
            {
                throw new ArgumentException("all channels must be present and the same length", nameof(clip));
            }
        }

        long dataBytes = (long)clip.FrameCount * clip.ChannelCount * (BitsOf(encoding) / 8);
        if (dataBytes + FloatHeaderBytes > uint.MaxValue)
        {
            throw new ArgumentException(Invariant($"{dataBytes} bytes of audio exceed the 4 GiB a WAV file can hold"), nameof(clip));
        }
    }

    /// <summary>
    /// Why a clip of <paramref name="frames"/> x <paramref name="channels"/> cannot be a WAV file in
    /// <paramref name="encoding"/> (over 4 GiB of data), or null when it can.
    /// </summary>
    internal static string? TooLargeForWav(long frames, int channels, WavEncoding encoding)
    {
        long dataBytes = frames * channels * (BitsOf(encoding) / 8);
        if (dataBytes + FloatHeaderBytes <= uint.MaxValue)
        {
            return null;
        }

        return Invariant($"{dataBytes / (double)(1L << 30):0.0} GiB of samples, more than the 4 GiB a WAV file can hold (use --bits 16 or --format flac)");
    }

    private static int BitsOf(WavEncoding encoding) => encoding switch
    {
        WavEncoding.Pcm16 => 16,
        WavEncoding.Pcm24 => 24,
        WavEncoding.Pcm32 => 32,
        WavEncoding.Float32 => 32,
        WavEncoding.Float64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown WAV encoding"),
    };

    /// <summary>
    /// Rounds to the nearest step of b-bit PCM (k / 2^(b-1)) and clips to [-1, 1 - 2^(1-b)]; NaN becomes 0.
    /// The result is exactly a float, so NWaves' truncating conversion reproduces k.
    /// </summary>
    internal static float QuantizeToPcm(float sample, int bits)
    {
        if (float.IsNaN(sample))
        {
            return 0f;
        }

        double scale = bits == 32 ? 2147483648.0 : 1 << (bits - 1);
        // For 32 bits the largest step below full scale that a float holds exactly is 2^31 - 128.
        double maxStep = bits == 32 ? 2147483520.0 : scale - 1.0;
        double step = Math.Clamp(Math.Round(sample * scale), -scale, maxStep);
        return (float)(step / scale);
    }

    private static void WritePcm(FileStream stream, AudioClip clip, int bits)
    {
        var signals = new List<DiscreteSignal>(clip.ChannelCount);
        foreach (float[] channel in clip.Channels)
        {
            var quantized = new float[channel.Length];
            for (int i = 0; i < quantized.Length; i++)
            {
                quantized[i] = QuantizeToPcm(channel[i], bits);
            }

            signals.Add(new DiscreteSignal(clip.SampleRateHz, quantized));
        }

        var wave = new WaveFile(signals, (short)bits);
        wave.SaveTo(stream, normalized: true);

        long dataBytes = (long)clip.FrameCount * clip.ChannelCount * (bits / 8);
        if (stream.Length != CanonicalHeaderBytes + dataBytes)
        {
            throw new IOException(Invariant($"NWaves wrote {stream.Length} bytes, expected {CanonicalHeaderBytes + dataBytes}"));
        }

        // RIFF wants every chunk padded to an even size; NWaves does not pad. Then set both sizes ourselves.
        long pad = dataBytes & 1;
        if (pad != 0)
        {
            stream.Position = stream.Length;
            stream.WriteByte(0);
        }

        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)(CanonicalHeaderBytes - ChunkHeaderBytes + dataBytes + pad));
        stream.Position = 4;
        stream.Write(size);
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)dataBytes);
        stream.Position = 40;
        stream.Write(size);
    }

    private static void WriteFloat(FileStream stream, AudioClip clip, int bits, CancellationToken cancellation)
    {
        int channelCount = clip.ChannelCount;
        int frames = clip.FrameCount;
        int bytesPerSample = bits / 8;
        int blockAlign = channelCount * bytesPerSample;
        uint dataBytes = (uint)((long)frames * blockAlign);

        Span<byte> header = stackalloc byte[FloatHeaderBytes];
        Encoding.ASCII.GetBytes("RIFF", header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(FloatHeaderBytes - ChunkHeaderBytes) + dataBytes);
        Encoding.ASCII.GetBytes("WAVEfmt ", header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], FloatFmtBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], WavFormat.FloatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channelCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)clip.SampleRateHz);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)((long)clip.SampleRateHz * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)bits);
        BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 0); // no format extension
        Encoding.ASCII.GetBytes("fact", header[38..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[42..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[46..], (uint)frames);
        Encoding.ASCII.GetBytes("data", header[50..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[54..], dataBytes);
        stream.Write(header);

        const int FramesPerWrite = 8192;
        var buffer = new byte[FramesPerWrite * blockAlign];
        for (int start = 0; start < frames; start += FramesPerWrite)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(FramesPerWrite, frames - start);
            var span = buffer.AsSpan(0, count * blockAlign);
            for (int i = 0; i < count; i++)
            {
                for (int c = 0; c < channelCount; c++)
                {
                    var destination = span[(((i * channelCount) + c) * bytesPerSample)..];
                    float sample = clip.Channels[c][start + i];
                    if (bits == 64)
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(destination, sample);
                    }
                    else
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(destination, sample);
                    }
                }
            }

            stream.Write(span);
        }
    }
}
