using System.Buffers.Binary;
using System.Text;
using KamHp.Cli.Audio;
using static KamHp.Tests.Cli.Audio.WavBytes;

namespace KamHp.Tests.Cli.Audio;

public sealed class WavFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<WavEncoding, int, int, int> RoundTripCases()
    {
        var data = new TheoryData<WavEncoding, int, int, int>();
        foreach (WavEncoding encoding in Enum.GetValues<WavEncoding>())
        {
            foreach (int channels in new[] { 1, 2 })
            {
                // Odd frame counts give odd-sized 24-bit mono data (pad byte); 0 frames is a legal empty file.
                data.Add(encoding, channels, 44100, 1001);
                data.Add(encoding, channels, 8000, 0);
                data.Add(encoding, channels, 96000, 1);
                data.Add(encoding, channels, 7, 3);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Write_ThenRead_IsBitExact_ForEveryEncoding(WavEncoding encoding, int channelCount, int sampleRateHz, int frames)
    {
        var random = new Random(1234 + frames + channelCount);
        var channels = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            channels[c] = new float[frames];
            for (int i = 0; i < frames; i++)
            {
                channels[c][i] = SampleOnGrid(encoding, random, i);
            }
        }

        var clip = new AudioClip(sampleRateHz, channels);
        string path = _folder.File("x.wav");
        WavFile.Write(path, clip, encoding);
        var back = WavFile.Read(path);

        Assert.Equal(sampleRateHz, back.SampleRateHz);
        Assert.Equal(channelCount, back.ChannelCount);
        Assert.Equal(frames, back.FrameCount);
        for (int c = 0; c < channelCount; c++)
        {
            for (int i = 0; i < frames; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(channels[c][i]), BitConverter.SingleToInt32Bits(back.Channels[c][i]));
            }
        }

        Assert.Equal(encoding, WavFile.ReadFormat(path).Encoding);
        long fileBytes = new FileInfo(path).Length;
        Assert.Equal(0, fileBytes % 2);
        Assert.Equal(fileBytes - 8, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(path).AsSpan(4)));
        Assert.Equal(["x.wav"], _folder.FileNames());
    }

    /// <summary>Values the encoding holds exactly, including both ends of the PCM range; floats beyond ±1 for float.</summary>
    private static float SampleOnGrid(WavEncoding encoding, Random random, int index)
    {
        int bits = encoding switch { WavEncoding.Pcm16 => 16, WavEncoding.Pcm24 => 24, _ => 32 };
        if (encoding is WavEncoding.Float32 or WavEncoding.Float64)
        {
            return (index % 7) switch
            {
                0 => -3.5f,
                1 => 1e-40f, // subnormal
                2 => float.Epsilon,
                3 => 1.25f,
                _ => (float)((random.NextDouble() * 2.0) - 1.0),
            };
        }

        if (encoding == WavEncoding.Pcm32)
        {
            // Any float in [-1, 1 - 2^-24] is on the 32-bit grid; the largest below 1 a float holds is 1 - 2^-24.
            return (index % 5) switch
            {
                0 => -1f,
                1 => 1f - MathF.Pow(2, -24),
                _ => (float)((random.NextDouble() * 2.0) - 1.0),
            };
        }

        int scale = 1 << (bits - 1);
        int step = (index % 5) switch
        {
            0 => -scale,
            1 => scale - 1,
            _ => random.Next(-scale, scale),
        };
        return (float)step / scale;
    }

    [Theory]
    [InlineData(WavEncoding.Pcm16, 1.0f, 32767f / 32768f)]
    [InlineData(WavEncoding.Pcm16, 1.5f, 32767f / 32768f)]
    [InlineData(WavEncoding.Pcm16, -1.0f, -1.0f)]
    [InlineData(WavEncoding.Pcm16, -7.0f, -1.0f)]
    [InlineData(WavEncoding.Pcm16, 0.4f / 32768f, 0f)]
    [InlineData(WavEncoding.Pcm16, 0.6f / 32768f, 1f / 32768f)]
    [InlineData(WavEncoding.Pcm16, -0.6f / 32768f, -1f / 32768f)]
    [InlineData(WavEncoding.Pcm16, float.NaN, 0f)]
    [InlineData(WavEncoding.Pcm16, float.PositiveInfinity, 32767f / 32768f)]
    [InlineData(WavEncoding.Pcm24, 2.0f, 8388607f / 8388608f)]
    [InlineData(WavEncoding.Pcm24, 0.6f / 8388608f, 1f / 8388608f)]
    [InlineData(WavEncoding.Pcm32, 1.0f, 2147483520f / 2147483648f)]
    [InlineData(WavEncoding.Pcm32, -1.0f, -1.0f)]
    [InlineData(WavEncoding.Pcm32, 0.6f / 2147483648f, 1f / 2147483648f)]
    public void Write_Pcm_RoundsToNearestStep_AndClipsAtFullScale(WavEncoding encoding, float written, float expected)
    {
        string path = _folder.File("q.wav");
        WavFile.Write(path, new AudioClip(44100, [[written]]), encoding);
        Assert.Equal(expected, WavFile.Read(path).Channels[0][0]);
    }

    [Fact]
    public void Write_Float_NeverClips()
    {
        string path = _folder.File("f.wav");
        WavFile.Write(path, new AudioClip(44100, [[4.0f, -9.5f]]), WavEncoding.Float32);
        Assert.Equal([4.0f, -9.5f], WavFile.Read(path).Channels[0]);
    }

    [Fact]
    public void Write_Pcm16Stereo_ProducesTheCanonicalBytes()
    {
        string path = _folder.File("c.wav");
        WavFile.Write(path, new AudioClip(48000, [[0.5f, -1f], [-0.25f, 1f / 32768f]]), WavEncoding.Pcm16);

        byte[] expected = Riff(Fmt(1, 2, 48000, 16), Data(Int16s(16384, -8192, -32768, 1)));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_Pcm24MonoOddLength_PadsTheDataChunk()
    {
        string path = _folder.File("p.wav");
        WavFile.Write(path, new AudioClip(44100, [[0.5f]]), WavEncoding.Pcm24);

        // 3 data bytes + 1 pad byte; the data size field says 3, the RIFF size counts the pad.
        byte[] expected = Riff(Fmt(1, 1, 44100, 24), Data(Int24s(0x400000)));
        Assert.Equal(48, expected.Length);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(WavEncoding.Float32, 32)]
    [InlineData(WavEncoding.Float64, 64)]
    public void Write_Float_WritesTag3WithFactChunk(WavEncoding encoding, int bits)
    {
        string path = _folder.File("f.wav");
        WavFile.Write(path, new AudioClip(22050, [[0.5f, -2f], [0.25f, 3f]]), encoding);

        byte[] samples = bits == 32 ? Singles(0.5f, 0.25f, -2f, 3f) : Doubles(0.5, 0.25, -2.0, 3.0);
        byte[] fmt = Chunk("fmt ", [.. UInt16(3), .. UInt16(2), .. UInt32(22050), .. UInt32(22050 * 2 * bits / 8), .. UInt16(2 * bits / 8), .. UInt16(bits), .. UInt16(0)]);
        byte[] expected = Riff(fmt, Chunk("fact", UInt32(2)), Data(samples));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_ReplacesALongerExistingFile_Completely()
    {
        string path = _folder.File("r.wav");
        WavFile.Write(path, new AudioClip(44100, [new float[5000]]), WavEncoding.Float32);
        WavFile.Write(path, new AudioClip(44100, [[0.125f]]), WavEncoding.Pcm16);

        Assert.Equal(46, new FileInfo(path).Length);
        Assert.Equal([0.125f], WavFile.Read(path).Channels[0]);
    }

    public static TheoryData<string, byte[], float[][]> ReadableFiles() => new()
    {
        { "8-bit PCM", Riff(Fmt(1, 1, 8000, 8), Data([0, 128, 255, 64])), [[-1f, 0f, 127f / 128f, -0.5f]] },
        { "32-bit PCM", Riff(Fmt(1, 1, 8000, 32), Data(Int32s(int.MinValue, 1 << 30, -(1 << 29)))), [[-1f, 0.5f, -0.25f]] },
        { "24-bit PCM stereo", Riff(Fmt(1, 2, 8000, 24), Data(Int24s(-0x800000, 0x7FFFFF, 0x200000, -1))), [[-1f, 0.25f], [8388607f / 8388608f, -1f / 8388608f]] },
        { "plain float32", Riff(Fmt(3, 1, 8000, 32), Data(Singles(0.5f, -1.5f))), [[0.5f, -1.5f]] },
        { "plain float64", Riff(Fmt(3, 2, 8000, 64), Data(Doubles(0.5, -1.5, 1e-3, 2.0))), [[0.5f, 1e-3f], [-1.5f, 2f]] },
        { "EXTENSIBLE PCM16", Riff(FmtExtensible(1, 1, 8000, 16, 16), Data(Int16s(-32768, 16384))), [[-1f, 0.5f]] },
        { "EXTENSIBLE PCM24 in 24 valid 20", Riff(FmtExtensible(1, 2, 8000, 24, 20), Data(Int24s(0x400000, -0x400000))), [[0.5f], [-0.5f]] },
        { "EXTENSIBLE PCM32 (24 valid)", Riff(FmtExtensible(1, 1, 8000, 32, 24), Data(Int32s(0x40000000))), [[0.5f]] },
        { "EXTENSIBLE float32", Riff(FmtExtensible(3, 2, 8000, 32, 32), Data(Singles(0.5f, -0.75f, 2f, 0f))), [[0.5f, 2f], [-0.75f, 0f]] },
        { "EXTENSIBLE float64", Riff(FmtExtensible(3, 1, 8000, 64, 64), Data(Doubles(-0.125, 0.25))), [[-0.125f, 0.25f]] },
        {
            "chunks before, between and after, odd-sized with pad",
            Riff(Chunk("LIST", Encoding.ASCII.GetBytes("INFOabc")), Fmt(1, 1, 8000, 16), Chunk("junk", [1, 2, 3]), Data(Int16s(8192)), Chunk("id3 ", [9])),
            [[0.25f]]
        },
        { "data before fmt", Riff(Data(Int16s(-16384)), Fmt(1, 1, 8000, 16)), [[-0.5f]] },
        { "fmt of 18 bytes (cbSize 0)", Riff(Chunk("fmt ", [.. UInt16(1), .. UInt16(1), .. UInt32(8000), .. UInt32(16000), .. UInt16(2), .. UInt16(16), .. UInt16(0)]), Data(Int16s(8192))), [[0.25f]] },
        { "24-bit mono odd length, last pad byte missing", Riff(Fmt(1, 1, 8000, 24), Chunk("data", Int24s(0x400000), pad: false)), [[0.5f]] },
        { "empty data", Riff(Fmt(1, 2, 8000, 16), Data([])), [[], []] },
    };

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Read_DecodesEverySupportedLayout(string description, byte[] file, float[][] expected)
    {
        string path = _folder.File("in.wav");
        File.WriteAllBytes(path, file);

        var clip = WavFile.Read(path);

        Assert.True(clip.SampleRateHz == 8000, description);
        Assert.Equal(expected.Length, clip.ChannelCount);
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], clip.Channels[c]);
        }
    }

    public static TheoryData<string, byte[], string> MalformedFiles()
    {
        byte[] good = GoodPcm16(4);
        return new()
        {
            { "empty file", [], "file is empty" },
            { "shorter than a RIFF header", Encoding.ASCII.GetBytes("RIFF\0\0"), "truncated RIFF header" },
            { "not RIFF", Encoding.ASCII.GetBytes("OggS\0\0\0\0\0\0\0\0\0\0\0\0"), "not a WAV file (starts with 'OggS')" },
            { "binary junk", [0x00, 0xFF, 0x10, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9], "not a WAV file (starts with bytes 00FF1020)" },
            { "RIFF but not WAVE", RiffWithId("RIFF", "AVI ", Fmt(1, 1, 8000, 16)), "RIFF form type 'AVI '" },
            { "RF64", RiffWithId("RF64", "WAVE", Fmt(1, 1, 8000, 16)), "RF64 (64-bit WAV) is not supported" },
            { "RIFX", RiffWithId("RIFX", "WAVE", Fmt(1, 1, 8000, 16)), "big-endian RIFX" },
            { "header only", Riff(), "no 'fmt ' chunk" },
            { "truncated chunk header", [.. Riff(), .. Encoding.ASCII.GetBytes("fmt ")], "truncated chunk header at byte 12" },
            { "truncated fmt chunk", good[..30], "truncated 'fmt ' chunk (16 bytes declared, 10 present)" },
            { "fmt chunk too small", Riff(Chunk("fmt ", new byte[14]), Data(Int16s(1))), "'fmt ' chunk is 14 bytes, at least 16 expected" },
            { "no data chunk", Riff(Fmt(1, 1, 8000, 16)), "no 'data' chunk" },
            { "no fmt chunk", Riff(Data(Int16s(1, 2))), "no 'fmt ' chunk" },
            { "truncated data", good[..^3], "truncated audio data ('data' chunk declares 8 bytes, 5 present)" },
            { "partial frame", Riff(Fmt(1, 2, 8000, 16), Data(Int16s(1, 2, 3))), "'data' chunk size 6 is not a whole number of 4-byte frames" },
            { "ADPCM", Riff(Fmt(2, 1, 8000, 4, blockAlign: 256), Data(new byte[256])), "unsupported format tag 0x0002 (Microsoft ADPCM)" },
            { "unknown tag", Riff(Fmt(0x1234, 1, 8000, 16), Data(Int16s(1))), "unsupported format tag 0x1234;" },
            { "three channels", Riff(Fmt(1, 3, 8000, 16), Data(Int16s(1, 2, 3))), "3 channels; only mono and stereo are supported" },
            { "six channels", Riff(Fmt(3, 6, 48000, 32), Data(new byte[24])), "6 channels" },
            { "zero channels", Riff(Fmt(1, 0, 8000, 16, blockAlign: 2), Data(Int16s(1))), "channel count is 0" },
            { "zero sample rate", Riff(Fmt(1, 1, 0, 16), Data(Int16s(1))), "sample rate is 0 Hz" },
            { "bad block align", Riff(Fmt(1, 2, 8000, 16, blockAlign: 3), Data(Int16s(1, 2))), "block align is 3 bytes, expected 4" },
            { "12-bit PCM", Riff(Fmt(1, 1, 8000, 12, blockAlign: 2), Data(Int16s(1))), "unsupported PCM bit depth 12" },
            { "zero-bit PCM", Riff(Fmt(1, 1, 8000, 0, blockAlign: 0), Data([])), "unsupported PCM bit depth 0" },
            { "16-bit float", Riff(Fmt(3, 1, 8000, 16), Data(Int16s(1))), "unsupported IEEE float bit depth 16" },
            { "EXTENSIBLE too short", Riff(Fmt(0xFFFE, 1, 8000, 16), Data(Int16s(1))), "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is too short" },
            { "EXTENSIBLE unknown sub-format", Riff(FmtExtensible(1, 1, 8000, 16, 16, standardGuid: false), Data(Int16s(1))), "unsupported WAVE_FORMAT_EXTENSIBLE sub-format" },
            { "EXTENSIBLE mu-law", Riff(FmtExtensible(7, 1, 8000, 16, 16), Data(Int16s(1))), "unsupported WAVE_FORMAT_EXTENSIBLE sub-format 00000007-0000-0010-8000-00aa00389b71" },
            { "EXTENSIBLE valid bits above container", Riff(FmtExtensible(1, 1, 8000, 16, 20), Data(Int16s(1))), "20 valid bits in a 16-bit container" },
            { "truncated chunk before the audio", [.. Riff(Fmt(1, 1, 8000, 16)), .. Encoding.ASCII.GetBytes("LIST"), .. UInt32(1000), 1, 2], "truncated 'LIST' chunk at byte 36 (1000 bytes declared, 2 present) before the audio" },
            { "two fmt chunks", Riff(Fmt(1, 1, 8000, 16), Fmt(1, 1, 8000, 16), Data(Int16s(1))), "more than one 'fmt ' chunk" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Read_MalformedFile_ThrowsOneLineNamingFileAndProblem(string description, byte[] file, string problem)
    {
        string path = _folder.File("bad.wav");
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<WavFormatException>(() => WavFile.Read(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Problem is not null, description);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => WavFile.Read(_folder.File("missing.wav")));
    }

    [Fact]
    public void Write_InvalidClip_LeavesExistingFileUntouched_AndNoTemporaryFile()
    {
        string path = _folder.File("out.wav");
        WavFile.Write(path, new AudioClip(44100, [[0.5f, 0.25f]]), WavEncoding.Pcm16);
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => WavFile.Write(path, new AudioClip(44100, [[0f], [0f], [0f]]), WavEncoding.Pcm16));
        Assert.Throws<ArgumentException>(() => WavFile.Write(path, new AudioClip(44100, [[0f], [0f, 1f]]), WavEncoding.Float32));
        Assert.Throws<ArgumentException>(() => WavFile.Write(path, new AudioClip(0, [[0f]]), WavEncoding.Float32));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["out.wav"], _folder.FileNames());
    }

    [Fact]
    public void WriteAll_WhenALaterFileFails_ChangesNoDestination()
    {
        string first = _folder.File("a.wav");
        string second = _folder.File("b.wav");
        WavFile.Write(first, new AudioClip(44100, [[0.5f]]), WavEncoding.Float32);
        byte[] before = File.ReadAllBytes(first);

        // The first file is written to its temporary file before the second one fails.
        Assert.Throws<ArgumentException>(() => WavFile.WriteAll(
            [(first, new AudioClip(44100, [[0.25f, 0.125f]])), (second, new AudioClip(44100, [[0f], [0f, 0f]]))],
            WavEncoding.Float32));

        Assert.Equal(before, File.ReadAllBytes(first));
        Assert.Equal(["a.wav"], _folder.FileNames());
    }

    [Fact]
    public void WriteAll_WritesEveryFile()
    {
        string first = _folder.File("a.wav");
        string second = _folder.File("b.wav");
        WavFile.WriteAll([(first, new AudioClip(8000, [[0.5f]])), (second, new AudioClip(8000, [[-0.5f], [0.25f]]))], WavEncoding.Pcm24);

        Assert.Equal([0.5f], WavFile.Read(first).Channels[0]);
        Assert.Equal(2, WavFile.Read(second).ChannelCount);
        Assert.Equal(["a.wav", "b.wav"], _folder.FileNames());
    }
}
