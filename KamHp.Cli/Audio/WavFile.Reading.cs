using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace KamHp.Cli.Audio;

public static partial class WavFile
{
    private const int RiffHeaderBytes = 12;
    private const int ChunkHeaderBytes = 8;
    private const int MinFmtBytes = 16;
    private const int ExtensibleFmtBytes = 40;
    private const int CanonicalHeaderBytes = 44;

    // Bytes 4..15 of every KSDATAFORMAT_SUBTYPE_* GUID built on a WAVE format tag
    // ({tttttttt-0000-0010-8000-00aa00389b71}, stored little-endian); bytes 0..3 hold the tag.
    private static ReadOnlySpan<byte> SubFormatGuidTail => [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Reads only the header of a WAV file, validated as <see cref="Read(string)"/> does.</summary>
    internal static WavFormat ReadFormat(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ParseHeader(stream, path);
    }

    /// <summary>Validates the header as <see cref="Read(Stream, string, ICollection{string}?, int)"/> does and returns a reader of the samples in blocks; it owns <paramref name="stream"/>.</summary>
    internal static WavBlockReader OpenBlocks(Stream stream, string name, int maxChannels = 2)
    {
        var notes = new List<string>();
        stream.Position = 0;
        var format = ParseHeader(stream, name, notes, maxChannels);
        return new WavBlockReader(stream, format, notes);
    }

    /// <summary>Size a writer puts in the RIFF or 'data' header when it streams to a pipe and cannot seek back.</summary>
    private const uint StreamedSize = 0xFFFFFFFF;

    /// <summary>Walks the RIFF chunks and validates everything needed to decode the samples.</summary>
    /// <param name="stream">Seekable.</param>
    /// <param name="path">How messages name the file.</param>
    /// <param name="notes">Receives remarks for verbose output (a streamed size read to the end); may be null.</param>
    /// <param name="maxChannels">Most channels accepted.</param>
    private static WavFormat ParseHeader(Stream stream, string path, ICollection<string>? notes = null, int maxChannels = 2)
    {
        long fileBytes = stream.Length;
        if (fileBytes == 0)
        {
            throw new WavFormatException(path, "file is empty");
        }

        Span<byte> header = stackalloc byte[RiffHeaderBytes];
        if (fileBytes < RiffHeaderBytes)
        {
            int got = stream.ReadAtLeast(header, (int)fileBytes, throwOnEndOfStream: false);
            string start = FourCc(header[..Math.Min(got, 4)]);
            throw start == "RIFF" || fileBytes < 4
                ? new WavFormatException(path, Invariant($"truncated RIFF header ({fileBytes} bytes, a WAV file starts with 12)"))
                : new WavFormatException(path, Invariant($"not a WAV file (starts with {Describe(start)})"));
        }

        stream.ReadExactly(header);
        string riffId = FourCc(header[..4]);
        switch (riffId)
        {
            case "RIFF":
                break;
            case "RF64":
            case "BW64":
                throw new WavFormatException(path, $"{riffId} (64-bit WAV) is not supported");
            case "RIFX":
                throw new WavFormatException(path, "big-endian RIFX WAV is not supported");
            default:
                throw new WavFormatException(path, $"not a WAV file (starts with {Describe(riffId)})");
        }

        string formType = FourCc(header[8..12]);
        if (formType != "WAVE")
        {
            throw new WavFormatException(path, $"not a WAV file (RIFF form type {Describe(formType)}, expected 'WAVE')");
        }

        Fmt? fmt = null;
        long dataOffset = -1;
        long dataBytes = -1;
        long position = RiffHeaderBytes;
        bool streamed = false;
        Span<byte> chunkHeader = stackalloc byte[ChunkHeaderBytes];

        // Walk the chunks until both fmt and data are known; anything after them (LIST, id3, ...) is not read.
        while ((fmt is null || dataOffset < 0) && !streamed)
        {
            if (position >= fileBytes)
            {
                break;
            }

            if (fileBytes - position < ChunkHeaderBytes)
            {
                throw new WavFormatException(path, Invariant($"truncated chunk header at byte {position}"));
            }

            stream.Position = position;
            stream.ReadExactly(chunkHeader);
            string id = FourCc(chunkHeader[..4]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            long body = position + ChunkHeaderBytes;
            long available = fileBytes - body;

            if (id == "fmt ")
            {
                if (fmt is not null)
                {
                    throw new WavFormatException(path, "more than one 'fmt ' chunk");
                }

                if (size < MinFmtBytes)
                {
                    throw new WavFormatException(path, Invariant($"'fmt ' chunk is {size} bytes, at least {MinFmtBytes} expected"));
                }

                if (size > available)
                {
                    throw new WavFormatException(path, Invariant($"truncated 'fmt ' chunk ({size} bytes declared, {available} present)"));
                }

                var fmtBytes = new byte[Math.Min(size, ExtensibleFmtBytes)];
                stream.ReadExactly(fmtBytes);
                fmt = ParseFmt(fmtBytes, path, maxChannels);
            }
            else if (id == "data")
            {
                if (dataOffset >= 0)
                {
                    throw new WavFormatException(path, "more than one 'data' chunk");
                }

                // ffmpeg and sox writing to a pipe leave 0xFFFFFFFF (or 0) as the size: the data runs to the end of
                // the file, as libsndfile and sox read it. Its last, incomplete frame is dropped below.
                if (size == StreamedSize || (size == 0 && available > 0))
                {
                    dataOffset = body;
                    dataBytes = available;
                    streamed = true;
                    continue;
                }

                if (size > available)
                {
                    throw new WavFormatException(
                        path,
                        Invariant($"truncated audio data ('data' chunk declares {size} bytes, {available} present)"));
                }

                dataOffset = body;
                dataBytes = size;
            }
            else if (size > available)
            {
                throw new WavFormatException(
                    path,
                    Invariant($"truncated {Describe(id)} chunk at byte {position} ({size} bytes declared, {available} present) before the audio"));
            }

            // Chunks are padded to an even size; a missing pad byte at the very end is tolerated.
            position = body + size + (size & 1);
        }

        if (fmt is not { } f)
        {
            throw new WavFormatException(path, "no 'fmt ' chunk");
        }

        if (dataOffset < 0)
        {
            throw new WavFormatException(path, "no 'data' chunk");
        }

        int blockAlign = f.ChannelCount * f.BitsPerSample / 8;
        if (streamed)
        {
            long partial = dataBytes % blockAlign;
            dataBytes -= partial;
            notes?.Add(Invariant($"{path}: streamed WAV (no size in its header): read to the end of the file, {dataBytes / blockAlign} frames{(partial > 0 ? $", the last {partial} bytes (an incomplete frame) dropped" : string.Empty)}"));
        }

        if (dataBytes % blockAlign != 0)
        {
            throw new WavFormatException(
                path,
                Invariant($"'data' chunk size {dataBytes} is not a whole number of {blockAlign}-byte frames (truncated?)"));
        }

        if (dataBytes > Array.MaxLength - CanonicalHeaderBytes)
        {
            throw new WavFormatException(path, Invariant($"audio data is {dataBytes} bytes; files over 2 GiB are not supported"));
        }

        return new WavFormat(f.FormatTag, f.IsExtensible, f.ChannelCount, f.SampleRateHz, f.BitsPerSample, dataOffset, dataBytes);
    }

    private static Fmt ParseFmt(ReadOnlySpan<byte> fmt, string path, int maxChannels)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        // Bytes 8..11 hold the byte rate: redundant, often wrong in the wild, and not needed to decode, so not checked.
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        bool extensible = tag == WavFormat.ExtensibleTag;

        if (extensible)
        {
            int extraBytes = fmt.Length >= 18 ? BinaryPrimitives.ReadUInt16LittleEndian(fmt[16..]) : 0;
            if (fmt.Length < ExtensibleFmtBytes || extraBytes < ExtensibleFmtBytes - 18)
            {
                throw new WavFormatException(
                    path,
                    Invariant($"WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is too short ({fmt.Length} bytes, extension {extraBytes}; 40 and 22 expected)"));
            }

            int validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
            ReadOnlySpan<byte> guid = fmt[24..40];
            uint subTag = BinaryPrimitives.ReadUInt32LittleEndian(guid);
            if (!guid[4..].SequenceEqual(SubFormatGuidTail) || (subTag != WavFormat.PcmTag && subTag != WavFormat.FloatTag))
            {
                throw new WavFormatException(
                    path,
                    $"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)} (PCM and IEEE float are supported)");
            }

            // Valid bits below the container size are fine: the unused low bits are zero and we read the container.
            if (validBits > bits)
            {
                throw new WavFormatException(path, Invariant($"{validBits} valid bits in a {bits}-bit container"));
            }

            tag = (int)subTag;
        }

        if (tag != WavFormat.PcmTag && tag != WavFormat.FloatTag)
        {
            throw new WavFormatException(
                path,
                Invariant($"unsupported format tag 0x{tag:X4}{TagName(tag)}; PCM, IEEE float and WAVE_FORMAT_EXTENSIBLE are supported"));
        }

        if (channels == 0)
        {
            throw new WavFormatException(path, "channel count is 0");
        }

        if (channels > maxChannels)
        {
            throw new WavFormatException(path, Downmix.TooManyChannels(channels, maxChannels));
        }

        if (rate == 0)
        {
            throw new WavFormatException(path, "sample rate is 0 Hz");
        }

        if (rate > int.MaxValue)
        {
            throw new WavFormatException(path, Invariant($"sample rate {rate} Hz is out of range"));
        }

        bool bitsSupported = tag == WavFormat.PcmTag ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!bitsSupported)
        {
            string supported = tag == WavFormat.PcmTag ? "8, 16, 24 and 32" : "32 and 64";
            string kind = tag == WavFormat.PcmTag ? "PCM" : "IEEE float";
            throw new WavFormatException(path, Invariant($"unsupported {kind} bit depth {bits} ({supported} are supported)"));
        }

        int expectedAlign = channels * bits / 8;
        if (blockAlign != expectedAlign)
        {
            throw new WavFormatException(
                path,
                Invariant($"block align is {blockAlign} bytes, expected {expectedAlign} for {channels} channel(s) of {bits}-bit samples"));
        }

        return new Fmt(tag, extensible, channels, (int)rate, bits);
    }

    private static AudioClip Decode(Stream stream, WavFormat format, string path)
    {
        int frames = checked((int)format.FrameCount);
        var channels = new float[format.ChannelCount][];
        for (int c = 0; c < channels.Length; c++)
        {
            // Every sample is written by the decoder: no need for the runtime to zero the array first.
            channels[c] = GC.AllocateUninitializedArray<float>(frames);
        }

        stream.Position = format.DataOffset;
        try
        {
            using var prefault = PagePrefault.Start(channels);
            new WavSampleDecoder(format).Read(stream, channels, 0, frames);
        }
        catch (EndOfStreamException)
        {
            // Cannot happen: the header check saw every byte of the data chunk within the file.
            throw new WavFormatException(path, Invariant($"the audio data ended before its {frames} frames (file changed while read?)"));
        }

        return new AudioClip(format.SampleRateHz, channels);
    }

    private static string FourCc(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>A four-character code fit for a one-line message: printable text quoted, anything else in hex.</summary>
    private static string Describe(string fourCc)
    {
        foreach (char ch in fourCc)
        {
            if (ch < 0x20 || ch > 0x7E)
            {
                return "bytes " + Convert.ToHexString(Encoding.Latin1.GetBytes(fourCc));
            }
        }

        return $"'{fourCc}'";
    }

    private static string TagName(int tag) => tag switch
    {
        0x0002 => " (Microsoft ADPCM)",
        0x0006 => " (A-law)",
        0x0007 => " (mu-law)",
        0x0011 => " (IMA ADPCM)",
        0x0031 => " (GSM 6.10)",
        0x0050 => " (MPEG)",
        0x0055 => " (MP3)",
        0x00FF => " (AAC)",
        0xF1AC => " (FLAC)",
        _ => string.Empty,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Fmt(int FormatTag, bool IsExtensible, int ChannelCount, int SampleRateHz, int BitsPerSample);
}
