using System.Buffers.Binary;
using System.Text;
using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Audio;

/// <summary>
/// Issue 14, item 5: the block readers of <c>--streaming</c> give bit for bit the samples the whole-file readers give,
/// for every WAV encoding (random bytes: every bit pattern) and for libsndfile formats, in any block sizes.
/// </summary>
public sealed class AudioBlockReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1, 8, false)]
    [InlineData(1, 16, false)]
    [InlineData(1, 24, false)]
    [InlineData(1, 32, false)]
    [InlineData(3, 32, false)]
    [InlineData(3, 64, false)]
    [InlineData(1, 24, true)]
    [InlineData(3, 32, true)]
    public void WavBlocks_AreBitIdenticalToTheWholeFileRead_ForEveryEncoding(int tag, int bits, bool extensible)
    {
        string path = _folder.File($"x{tag}-{bits}-{extensible}.wav");
        File.WriteAllBytes(path, RawWav(tag, bits, extensible, channels: 2, frames: 20011, seed: bits + tag));

        AudioClip whole = AudioInput.Read(path).Clip;
        float[][] blocks = ReadInBlocks(path, seed: bits);

        Assert.Equal(whole.FrameCount, blocks[0].Length);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(Bits(whole.Channels[c]), Bits(blocks[c]));
        }
    }

    [Theory]
    [InlineData(WavEncoding.Pcm16)]
    [InlineData(WavEncoding.Pcm24)]
    public void FlacBlocks_AreBitIdenticalToTheWholeFileRead(WavEncoding encoding)
    {
        Assert.True(LibSndFile.IsAvailable, "libsndfile is not installed (.ci/run installs it)");
        var random = new Random(3);
        float[][] channels = [.. Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 30001).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8)).ToArray())];
        string path = _folder.File("x.flac");
        OutputWriter.WriteAll([new OutputFile(path, new AudioClip(44100, channels), AudioContainer.Flac, encoding)], CancellationToken.None);

        AudioClip whole = AudioInput.Read(path).Clip;
        using (IAudioBlockReader reader = AudioInput.OpenBlocks(path))
        {
            Assert.Equal(AudioContainer.Flac, reader.Container);
            Assert.IsNotType<ClipBlockReader>(reader);
        }

        float[][] blocks = ReadInBlocks(path, seed: 4);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(Bits(whole.Channels[c]), Bits(blocks[c]));
        }
    }

    [Theory]
    [InlineData("mp3", "libmp3lame")]
    [InlineData("ogg", "libvorbis")]
    public void LossyBlocks_AreBitIdenticalToTheWholeFileRead_WithItsExactLength(string extension, string codec)
    {
        // libsndfile only estimates these lengths: the block reader counts the frames by decoding once, then reads
        // a block at a time (issue 14, item 5: --streaming memory bounded for every format).
        Assert.True(LibSndFile.IsAvailable, "libsndfile is not installed (.ci/run installs it)");
        var random = new Random(7);
        float[][] channels = [.. Enumerable.Range(0, 2).Select(c => Enumerable.Range(0, 70001).Select(i => (float)((0.4 * Math.Sin(i * (0.03 + (0.01 * c)))) + (0.05 * ((random.NextDouble() * 2) - 1)))).ToArray())];
        string source = _folder.File("source.wav");
        OutputWriter.WriteAll([new OutputFile(source, new AudioClip(44100, channels), AudioContainer.Wav, WavEncoding.Pcm16)], CancellationToken.None);
        string path = _folder.File("x." + extension);
        KamhpProcess.Tool("ffmpeg", "-v", "error", "-i", source, "-c:a", codec, path);

        AudioClip whole = AudioInput.Read(path).Clip;
        using (IAudioBlockReader reader = AudioInput.OpenBlocks(path))
        {
            Assert.IsNotType<ClipBlockReader>(reader);
            Assert.Equal(whole.FrameCount, reader.FrameCount);
        }

        float[][] blocks = ReadInBlocks(path, seed: 5);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(Bits(whole.Channels[c]), Bits(blocks[c]));
        }
    }

    [Theory]
    [InlineData("", "file is empty")]
    [InlineData("RIFF\u0004\0\0\0WAVE", "no 'fmt ' chunk")]
    [InlineData("RIFF\u0004\0\0\0WAVX", "not a WAV file (RIFF form type 'WAVX', expected 'WAVE')")]
    public void OpenBlocks_RefusesAsTheWholeFileReadDoes(string content, string problem)
    {
        string path = _folder.File("bad.wav");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(content));

        var whole = Assert.Throws<WavFormatException>(() => AudioInput.Read(path));
        var blocks = Assert.Throws<WavFormatException>(() => AudioInput.OpenBlocks(path).Dispose());

        Assert.Equal(whole.Message, blocks.Message);
        Assert.EndsWith(problem, blocks.Message, StringComparison.Ordinal);
    }

    private static float[][] ReadInBlocks(string path, int seed)
    {
        using IAudioBlockReader reader = AudioInput.OpenBlocks(path);
        var random = new Random(seed);
        var result = Enumerable.Range(0, reader.ChannelCount).Select(_ => new List<float>()).ToArray();
        var buffer = Enumerable.Range(0, reader.ChannelCount).Select(_ => new float[5000]).ToArray();
        int got;
        while ((got = reader.Read(buffer, random.Next(1, 5000))) > 0)
        {
            for (int c = 0; c < buffer.Length; c++)
            {
                result[c].AddRange(buffer[c].AsSpan(0, got));
            }
        }

        Assert.Equal(reader.FrameCount, result[0].Count);
        return [.. result.Select(r => r.ToArray())];
    }

    private static int[] Bits(float[] samples) => [.. samples.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>A WAV of random sample bytes (floats: finite values), plain or WAVE_FORMAT_EXTENSIBLE.</summary>
    private static byte[] RawWav(int tag, int bits, bool extensible, int channels, int frames, int seed)
    {
        var random = new Random(seed);
        int width = bits / 8;
        var data = new byte[frames * channels * width];
        random.NextBytes(data);
        if (tag == 3)
        {
            for (int i = 0; i < data.Length; i += width)
            {
                if (bits == 32)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), (float)((random.NextDouble() * 4) - 2));
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i), (random.NextDouble() * 4) - 2);
                }
            }
        }

        int fmtBytes = extensible ? 40 : 16;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(4 + 8 + fmtBytes + 8 + data.Length);
        w.Write("WAVEfmt "u8);
        w.Write(fmtBytes);
        w.Write((ushort)(extensible ? 0xFFFE : tag));
        w.Write((ushort)channels);
        w.Write(44100);
        w.Write(44100 * channels * width);
        w.Write((ushort)(channels * width));
        w.Write((ushort)bits);
        if (extensible)
        {
            w.Write((ushort)22);
            w.Write((ushort)bits);
            w.Write(3);
            w.Write(tag);
            w.Write(new byte[] { 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 });
        }

        w.Write("data"u8);
        w.Write(data.Length);
        w.Write(data);
        return stream.ToArray();
    }
}
