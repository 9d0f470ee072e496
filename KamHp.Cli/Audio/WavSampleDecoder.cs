using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KamHp.Cli.Audio;

/// <summary>
/// Reads and decodes the samples of a WAV file whose header <see cref="WavFile"/> has validated, a chunk at a time,
/// into planar floats: one loop per encoding (vectorised where the conversion is a widen and a scale), then one
/// de-interleave. Both the whole-file read and <see cref="WavBlockReader"/> go through it.
/// </summary>
/// <remarks>
/// The values are those of NWaves 0.9.6's <c>WaveFile</c>, which decoded WAV here before and which the tests keep
/// as the reference (it reads byte by byte, about 25 ms for 16 s of 24-bit stereo): PCM value k of b bits is
/// k / 2^(b-1) computed in float (k converted to float, exactly up to 24 bits and rounded to nearest for 32, then
/// multiplied by the power of two 2^(1-b), which is the same as dividing by 2^(b-1)); 32-bit float keeps its bits;
/// 64-bit float, which NWaves does not read, is rounded to float as a cast does.
/// </remarks>
internal sealed class WavSampleDecoder
{
    /// <summary>Frames read at once: over the 64 KiB of a FileStream's buffer for stereo, so reads bypass it.</summary>
    private const int MaxFramesPerRead = 16384;

    private readonly WavFormat _format;
    private readonly byte[] _bytes;
    private readonly float[] _interleaved;

    public WavSampleDecoder(WavFormat format)
    {
        _format = format;
        int frames = (int)Math.Min(MaxFramesPerRead, Math.Max(1, format.FrameCount));
        _bytes = new byte[frames * format.BlockAlign];
        _interleaved = format.ChannelCount == 1 || IsFloat32(format) ? [] : new float[frames * format.ChannelCount];
    }

    /// <summary>Reads the next <paramref name="frames"/> frames from <paramref name="stream"/> into frames [offset, offset + frames) of <paramref name="destination"/>.</summary>
    /// <exception cref="EndOfStreamException">The stream ends first.</exception>
    public void Read(Stream stream, float[][] destination, int offset, int frames)
    {
        int channels = _format.ChannelCount;
        int chunk = _bytes.Length / _format.BlockAlign;
        for (int done = 0; done < frames; done += chunk)
        {
            int n = Math.Min(chunk, frames - done);
            Span<byte> bytes = _bytes.AsSpan(0, n * _format.BlockAlign);
            stream.ReadExactly(bytes);
            if (channels == 1)
            {
                ToFloat(bytes, destination[0].AsSpan(offset + done, n));
            }
            else if (IsFloat32(_format))
            {
                Deinterleave(MemoryMarshal.Cast<byte, float>(bytes), destination, channels, offset + done, n);
            }
            else
            {
                Span<float> interleaved = _interleaved.AsSpan(0, n * channels);
                ToFloat(bytes, interleaved);
                Deinterleave(interleaved, destination, channels, offset + done, n);
            }
        }
    }

    /// <summary>32-bit float on a little-endian machine: the bytes are the floats, de-interleaved straight from the read buffer.</summary>
    private static bool IsFloat32(WavFormat format) =>
        BitConverter.IsLittleEndian && format.FormatTag == WavFormat.FloatTag && format.BitsPerSample == 32;

    /// <summary>Decodes interleaved sample bytes into as many floats, in order.</summary>
    private void ToFloat(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (!BitConverter.IsLittleEndian)
        {
            ToFloatScalar(bytes, destination);
            return;
        }

        switch (_format.FormatTag, _format.BitsPerSample)
        {
            case (WavFormat.FloatTag, 32):
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
                break;
            case (WavFormat.FloatTag, _):
                Float64ToFloat(MemoryMarshal.Cast<byte, double>(bytes), destination);
                break;
            case (_, 8):
                Pcm8ToFloat(bytes, destination);
                break;
            case (_, 16):
                Pcm16ToFloat(MemoryMarshal.Cast<byte, short>(bytes), destination);
                break;
            case (_, 24):
                Pcm24ToFloat(bytes, destination);
                break;
            default:
                Pcm32ToFloat(MemoryMarshal.Cast<byte, int>(bytes), destination);
                break;
        }
    }

    /// <summary>The plain per-sample decode (any byte order): the definition the vector loops reproduce.</summary>
    private void ToFloatScalar(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        int width = _format.BitsPerSample / 8;
        bool isFloat = _format.FormatTag == WavFormat.FloatTag;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = DecodeOne(bytes.Slice(i * width, width), isFloat);
        }
    }

    /// <summary>One sample of <paramref name="bytes"/>.Length bytes, as NWaves decodes it (64-bit float: a cast).</summary>
    private static float DecodeOne(ReadOnlySpan<byte> bytes, bool isFloat) => (isFloat, bytes.Length) switch
    {
        (true, 8) => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        (true, _) => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        (false, 1) => (bytes[0] - 128) / 128f,
        (false, 2) => BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32768f,
        (false, 3) => (((bytes[2] << 24) | (bytes[1] << 16) | (bytes[0] << 8)) >> 8) / 8388608f,
        _ => BinaryPrimitives.ReadInt32LittleEndian(bytes) / 2147483648f,
    };

    private static void Pcm8ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (source[i] - 128) * (1f / 128);
        }
    }

    private static void Pcm16ToFloat(ReadOnlySpan<short> source, Span<float> destination)
    {
        const float Scale = 1f / 32768;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                (Vector256<int> low, Vector256<int> high) = Vector256.Widen(Vector256.Create(source.Slice(i, Vector256<short>.Count)));
                (Vector256.ConvertToSingle(low) * Scale).CopyTo(destination[i..]);
                (Vector256.ConvertToSingle(high) * Scale).CopyTo(destination[(i + Vector256<int>.Count)..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i] * Scale;
        }
    }

    private static void Pcm24ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        const float Scale = 1f / 8388608;
        int i = 0;
        if (Ssse3.IsSupported)
        {
            // 16 bytes hold 4 samples (and 4 bytes of the next): move sample j's 3 bytes into the top of lane j, then an
            // arithmetic shift right by 8 sign-extends it. Index 0x80 zeroes the lane's low byte.
            Vector128<byte> spread = Vector128.Create((byte)0x80, 0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11);
            for (; (i * 3) + Vector128<byte>.Count <= source.Length; i += Vector128<int>.Count)
            {
                Vector128<int> k = Vector128.ShiftRightArithmetic(Ssse3.Shuffle(Vector128.Create(source.Slice(i * 3, Vector128<byte>.Count)), spread).AsInt32(), 8);
                (Vector128.ConvertToSingle(k) * Scale).CopyTo(destination[i..]);
            }
        }

        for (; i < destination.Length; i++)
        {
            int at = i * 3;
            destination[i] = (((source[at + 2] << 24) | (source[at + 1] << 16) | (source[at] << 8)) >> 8) * Scale;
        }
    }

    private static void Pcm32ToFloat(ReadOnlySpan<int> source, Span<float> destination)
    {
        const float Scale = 1f / 2147483648;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                (Vector256.ConvertToSingle(Vector256.Create(source.Slice(i, Vector256<int>.Count))) * Scale).CopyTo(destination[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i] * Scale;
        }
    }

    private static void Float64ToFloat(ReadOnlySpan<double> source, Span<float> destination)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - (2 * Vector256<double>.Count); i += 2 * Vector256<double>.Count)
            {
                Vector256.Narrow(
                    Vector256.Create(source.Slice(i, Vector256<double>.Count)),
                    Vector256.Create(source.Slice(i + Vector256<double>.Count, Vector256<double>.Count))).CopyTo(destination[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }

    /// <summary>Interleaved frames to planar channels (bits untouched: copies and shuffles only).</summary>
    private static void Deinterleave(ReadOnlySpan<float> interleaved, float[][] destination, int channels, int offset, int frames)
    {
        if (channels != 2)
        {
            for (int c = 0; c < channels; c++)
            {
                Span<float> channel = destination[c].AsSpan(offset, frames);
                for (int f = 0; f < frames; f++)
                {
                    channel[f] = interleaved[(f * channels) + c];
                }
            }

            return;
        }

        Span<float> left = destination[0].AsSpan(offset, frames);
        Span<float> right = destination[1].AsSpan(offset, frames);
        int i = 0;
        if (Avx2.IsSupported)
        {
            // [L0 R0 L1 R1 L2 R2 L3 R3] -> [L0 L1 L2 L3 R0 R1 R2 R3], twice, then the halves paired up.
            Vector256<int> split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; i <= frames - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> a = Avx2.PermuteVar8x32(Vector256.Create(interleaved.Slice(2 * i, Vector256<float>.Count)), split);
                Vector256<float> b = Avx2.PermuteVar8x32(Vector256.Create(interleaved.Slice((2 * i) + Vector256<float>.Count, Vector256<float>.Count)), split);
                Vector256.Create(a.GetLower(), b.GetLower()).CopyTo(left[i..]);
                Vector256.Create(a.GetUpper(), b.GetUpper()).CopyTo(right[i..]);
            }
        }

        for (; i < frames; i++)
        {
            left[i] = interleaved[2 * i];
            right[i] = interleaved[(2 * i) + 1];
        }
    }
}
