using System.Runtime.Intrinsics;

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

    /// <summary>Writes a whole clip through <paramref name="writer"/> in blocks, checking for cancellation between them.</summary>
    internal static void WriteBlocks(AudioFileWriter writer, AudioClip clip, CancellationToken cancellation)
    {
        const int FramesPerBlock = 1 << 16;
        for (int start = 0; start < clip.FrameCount; start += FramesPerBlock)
        {
            cancellation.ThrowIfCancellationRequested();
            writer.Write(clip.Channels, start, Math.Min(FramesPerBlock, clip.FrameCount - start));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="clip"/> can be a WAV file in <paramref name="encoding"/>.</summary>
    internal static void ValidateClip(AudioClip clip, WavEncoding encoding)
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

    /// <summary>The b-bit PCM step k of <paramref name="sample"/>: <see cref="QuantizeToPcm"/> times 2^(b-1), exactly.</summary>
    internal static int PcmStep(float sample, int bits) => (int)Math.Round(QuantizeToPcm(sample, bits) * (bits == 32 ? 2147483648.0 : 1 << (bits - 1)));

    /// <summary><see cref="PcmStep"/> of every sample, in vectors for 8 to 24 bits.</summary>
    /// <remarks>
    /// Up to 24 bits every step is exactly a float, and so is the sample times 2^(b-1): rounding half to even and
    /// clipping in float give the step <see cref="PcmStep"/> computes in double (NaN: 0), bit for bit (tested). The
    /// per-sample double arithmetic was about a tenth of a <c>--bits 24</c> call.
    /// </remarks>
    internal static void PcmSteps(ReadOnlySpan<float> samples, int bits, Span<int> steps)
    {
        int i = 0;
        if (bits <= 24 && Vector256.IsHardwareAccelerated)
        {
            float scale = 1 << (bits - 1);
            Vector256<float> low = Vector256.Create(-scale);
            Vector256<float> high = Vector256.Create(scale - 1);
            for (; i <= samples.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.Create(samples.Slice(i, Vector256<float>.Count));
                v = Vector256.ConditionalSelect(Vector256.Equals(v, v), v, Vector256<float>.Zero);   // NaN -> 0
                v = Vector256.Round(v * scale);
                v = Vector256.Min(Vector256.Max(v, low), high);
                Vector256.ConvertToInt32(v).CopyTo(steps[i..]);
            }
        }

        for (; i < samples.Length; i++)
        {
            steps[i] = PcmStep(samples[i], bits);
        }
    }
}
