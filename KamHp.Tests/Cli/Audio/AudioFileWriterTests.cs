using KamHp.Cli.Audio;
using NWaves.Audio;
using NWaves.Signals;

namespace KamHp.Tests.Cli.Audio;

public sealed class AudioFileWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(16, 1, 1001)]
    [InlineData(24, 1, 1001)]    // odd data size: the pad byte
    [InlineData(24, 2, 777)]
    [InlineData(32, 2, 500)]
    public void PcmWav_WrittenInPieces_HasNWavesBytes_PlusThePadAndSizes(int bits, int channelCount, int frames)
    {
        // The PCM writer replaced NWaves' WaveFile.SaveTo (which needs the whole signal): same samples, same bytes.
        var random = new Random(bits + frames);
        float[][] channels = [.. Enumerable.Range(0, channelCount).Select(_ =>
            Enumerable.Range(0, frames).Select(_ => (float)((random.NextDouble() * 2.4) - 1.2)).ToArray())];
        WavEncoding encoding = bits switch { 16 => WavEncoding.Pcm16, 24 => WavEncoding.Pcm24, _ => WavEncoding.Pcm32 };

        string ours = _folder.File("ours.wav");
        using (var writer = new WavFileWriter(ours, encoding, 44100, channelCount, frames))
        {
            for (int start = 0; start < frames; start += 97)
            {
                writer.Write(channels, start, Math.Min(97, frames - start));
            }

            writer.Complete();
        }

        byte[] expected;
        using (var memory = new MemoryStream())
        {
            var quantized = channels.Select(c => new DiscreteSignal(44100, c.Select(s => WavFile.QuantizeToPcm(s, bits)).ToArray())).ToList();
            new WaveFile(quantized, (short)bits).SaveTo(memory, normalized: true);
            expected = memory.ToArray();
        }

        byte[] actual = File.ReadAllBytes(ours);
        long dataBytes = (long)frames * channelCount * (bits / 8);
        Assert.Equal(44 + dataBytes + (dataBytes & 1), actual.Length);
        Assert.Equal(expected.AsSpan(44, (int)dataBytes).ToArray(), actual.AsSpan(44, (int)dataBytes).ToArray());
        Assert.Equal(expected.AsSpan(8, 32).ToArray(), actual.AsSpan(8, 32).ToArray());   // WAVE, fmt chunk, "data"
        Assert.Equal(dataBytes, BitConverter.ToUInt32(actual, 40));
    }

    [Fact]
    public void Writer_ThatIsNotCompleted_RefusesAShortFile()
    {
        string path = _folder.File("short.wav");
        using var writer = new WavFileWriter(path, WavEncoding.Float32, 8000, 1, 10);
        writer.Write([new float[5]], 0, 5);
        Assert.Throws<IOException>(writer.Complete);
    }

    [Theory]
    [InlineData(WavEncoding.Float32, 1, 20001)]
    [InlineData(WavEncoding.Float32, 2, 20001)]
    [InlineData(WavEncoding.Float32, 2, 5)]
    [InlineData(WavEncoding.Float64, 2, 20001)]
    [InlineData(WavEncoding.Float64, 1, 7)]
    public void FloatWav_WrittenInPieces_HoldsEverySampleInterleaved_BitForBit(WavEncoding encoding, int channelCount, int frames)
    {
        // Any bit pattern (NaN payloads, infinities, subnormals) must come out as the per-sample conversion gives it.
        var random = new Random(frames + channelCount);
        float[][] channels = [.. Enumerable.Range(0, channelCount).Select(_ =>
            Enumerable.Range(0, frames).Select(_ => BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue))).ToArray())];
        channels[0][^1] = BitConverter.Int32BitsToSingle(0x7FC12345);

        string path = _folder.File("float.wav");
        using (var writer = new WavFileWriter(path, encoding, 44100, channelCount, frames))
        {
            for (int start = 0; start < frames; start += 9001)
            {
                writer.Write(channels, start, Math.Min(9001, frames - start));
            }

            writer.Complete();
        }

        int width = encoding == WavEncoding.Float32 ? 4 : 8;
        var expected = new byte[frames * channelCount * width];
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < channelCount; c++)
            {
                Span<byte> at = expected.AsSpan(((i * channelCount) + c) * width);
                if (width == 4)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(at, channels[c][i]);
                }
                else
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(at, channels[c][i]);
                }
            }
        }

        byte[] actual = File.ReadAllBytes(path);
        Assert.Equal(58 + expected.Length, actual.Length);
        Assert.Equal(expected, actual.AsSpan(58).ToArray());
    }
}
