using System.Buffers.Binary;
using KamHp.Cli.Audio;
using NWaves.Audio;

namespace KamHp.Tests.Cli.Audio;

/// <summary>
/// The vectorised WAV decoder (<see cref="WavSampleDecoder"/>) gives bit for bit what NWaves' <c>WaveFile</c> gives,
/// the decoder it replaced, for every encoding NWaves reads: random bytes (every bit pattern, NaN and infinities for
/// float) with the extreme values planted at the start, across the vector loops, and in the scalar tails; frame counts
/// below one vector, and across the read chunks. 64-bit float, which NWaves does not read, against a plain cast.
/// </summary>
public sealed class WavSampleDecoderTests
{
    public static TheoryData<int, int, int, int> NWavesEncodings()
    {
        var data = new TheoryData<int, int, int, int>();
        foreach ((int tag, int bits) in new[] { (1, 8), (1, 16), (1, 24), (1, 32), (3, 32) })
        {
            foreach (int channels in new[] { 1, 2, 3 })
            {
                foreach (int frames in new[] { 1, 3, 7, 16, 33, 40000 })
                {
                    data.Add(tag, bits, channels, frames);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NWavesEncodings))]
    public void WholeFileRead_IsBitIdenticalToNWaves(int tag, int bits, int channels, int frames)
    {
        byte[] samples = Samples(bits, channels, frames, seed: (bits * 10) + channels + frames);
        float[][] expected = NWavesDecode(tag, bits, channels, samples);

        float[][] actual = Read(WavBytes.Riff(WavBytes.Fmt(tag, channels, 44100, bits), WavBytes.Data(samples)));

        AssertBitIdentical(expected, actual);
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(1, 24)]
    [InlineData(1, 32)]
    [InlineData(3, 32)]
    public void ExtensibleFile_IsBitIdenticalToNWavesOnThePlainFile(int tag, int bits)
    {
        byte[] samples = Samples(bits, 2, 20011, seed: bits);
        float[][] expected = NWavesDecode(tag, bits, 2, samples);

        float[][] actual = Read(WavBytes.Riff(WavBytes.FmtExtensible(tag, 2, 44100, bits, bits), WavBytes.Data(samples)));

        AssertBitIdentical(expected, actual);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(2, 40000)]
    [InlineData(3, 33)]
    public void Float64_IsTheCastOfEveryDouble(int channels, int frames)
    {
        byte[] samples = Samples(64, channels, frames, seed: frames);
        float[][] expected = [.. Enumerable.Range(0, channels).Select(c => Enumerable.Range(0, frames)
            .Select(i => (float)BinaryPrimitives.ReadDoubleLittleEndian(samples.AsSpan(((i * channels) + c) * 8))).ToArray())];

        float[][] actual = Read(WavBytes.Riff(WavBytes.Fmt(3, channels, 44100, 64), WavBytes.Data(samples)));

        AssertBitIdentical(expected, actual);
    }

    [Theory]
    [InlineData(1, 24, 2)]
    [InlineData(1, 16, 1)]
    [InlineData(3, 32, 2)]
    [InlineData(3, 64, 2)]
    public void BlockReads_InAnySizes_AreBitIdenticalToTheWholeFileRead(int tag, int bits, int channels)
    {
        byte[] file = WavBytes.Riff(WavBytes.Fmt(tag, channels, 44100, bits), WavBytes.Data(Samples(bits, channels, 50021, seed: 5)));
        float[][] whole = Read(file);

        using var reader = WavFile.OpenBlocks(new MemoryStream(file), "x.wav");
        var random = new Random(6);
        float[][] buffer = [.. Enumerable.Range(0, channels).Select(_ => new float[20000])];
        float[][] blocks = [.. Enumerable.Range(0, channels).Select(_ => new float[whole[0].Length])];
        int at = 0;
        int got;
        while ((got = reader.Read(buffer, random.Next(1, 20000))) > 0)
        {
            for (int c = 0; c < channels; c++)
            {
                buffer[c].AsSpan(0, got).CopyTo(blocks[c].AsSpan(at));
            }

            at += got;
        }

        Assert.Equal(whole[0].Length, at);
        AssertBitIdentical(whole, blocks);
    }

    private static float[][] Read(byte[] file) =>
        WavFile.Read(new MemoryStream(file), "x.wav", notes: null, maxChannels: 3).Channels;

    /// <summary>NWaves reads the plain (tag 1 or 3, 16-byte fmt) file of the same sample bytes.</summary>
    private static float[][] NWavesDecode(int tag, int bits, int channels, byte[] samples)
    {
        byte[] file = WavBytes.Riff(WavBytes.Fmt(tag, channels, 44100, bits), WavBytes.Data(samples));
        var wave = new WaveFile(file, normalized: true);
        return [.. wave.Signals.Select(s => s.Samples)];
    }

    /// <summary>Random sample bytes with every extreme of the encoding planted at the start and in the last 40 samples.</summary>
    private static byte[] Samples(int bits, int channels, int frames, int seed)
    {
        int width = bits / 8;
        int count = frames * channels;
        var bytes = new byte[count * width];
        new Random(seed).NextBytes(bytes);
        byte[][] extremes = Extremes(bits);
        for (int k = 0; k < extremes.Length; k++)
        {
            foreach (int at in new[] { k, count - 1 - k, count - 1 - (k + extremes.Length) })
            {
                if (at >= 0 && at < count)
                {
                    extremes[k].CopyTo(bytes, at * width);
                }
            }
        }

        return bytes;
    }

    private static byte[][] Extremes(int bits) => bits switch
    {
        8 => [[0x00], [0xFF], [0x80], [0x7F], [0x81]],
        16 => [WavBytes.Int16s(short.MinValue), WavBytes.Int16s(short.MaxValue), WavBytes.Int16s(0), WavBytes.Int16s(-1), WavBytes.Int16s(1)],
        24 => [WavBytes.Int24s(-8388608), WavBytes.Int24s(8388607), WavBytes.Int24s(0), WavBytes.Int24s(-1), WavBytes.Int24s(1)],
        32 => [
            WavBytes.Int32s(int.MinValue), WavBytes.Int32s(int.MaxValue), WavBytes.Int32s(0), WavBytes.Int32s(-1), WavBytes.Int32s(16777217),
            WavBytes.Singles(float.NaN), WavBytes.Int32s(0x7FC12345), WavBytes.Singles(float.NegativeInfinity), WavBytes.Singles(float.Epsilon)],
        _ => [
            WavBytes.Doubles(double.NaN), WavBytes.Doubles(double.PositiveInfinity), WavBytes.Doubles(1e300), WavBytes.Doubles(-1e-300),
            WavBytes.Doubles(1 + Math.Pow(2, -24)), WavBytes.Doubles(-0.0), BitConverter.GetBytes(0x7FF0000000000001L)],
    };

    private static void AssertBitIdentical(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c].Length, actual[c].Length);
            Assert.Equal(expected[c].Select(BitConverter.SingleToInt32Bits), actual[c].Select(BitConverter.SingleToInt32Bits));
        }
    }
}
