using System.Text;

namespace KamHp.Cli.Audio;

/// <summary>What <see cref="AudioInput.Read"/> found: the samples, the container they came in, and remarks for verbose output.</summary>
internal sealed record DecodedAudio(AudioClip Clip, AudioContainer Container, IReadOnlyList<string> Notes);

/// <summary>
/// Reads an input of any kind <c>kamhp</c> accepts: a file, a FIFO, <c>/dev/stdin</c>, or <c>-</c> for standard
/// input; WAV through the built-in <see cref="WavFile"/> (no library needed), everything else through libsndfile.
/// </summary>
/// <remarks>
/// A stream that cannot seek (a pipe) is read into memory first: WAV headers and several codecs need to seek, and
/// the whole signal is held in memory for the offline separator anyway.
/// </remarks>
internal static class AudioInput
{
    /// <summary>The argument that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>The file name outputs of standard input are based on (<c>stdin.harmonic.wav</c>).</summary>
    public const string StandardInputStem = "stdin";

    public static bool IsStandardInput(string path) => path == StandardInput;

    /// <summary>How messages name the input.</summary>
    public static string DisplayName(string path) => IsStandardInput(path) ? "standard input" : path;

    /// <summary>Reads the whole input.</summary>
    /// <exception cref="WavFormatException">Malformed or unsupported (one-line message naming the input).</exception>
    /// <exception cref="IOException">Cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read.</exception>
    /// <param name="path">The file, or <c>-</c>.</param>
    /// <param name="maxChannels">Most channels accepted (2 unless the caller mixes down, <see cref="Downmix"/>).</param>
    public static DecodedAudio Read(string path, int maxChannels = 2)
    {
        string name = DisplayName(path);
        using Stream source = IsStandardInput(path)
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using Stream seekable = source.CanSeek ? source : Buffer(source);
        return Decode(seekable, name, maxChannels);
    }

    /// <summary>
    /// Opens the input to be read in blocks (<c>--streaming</c>): files in WAV or any libsndfile format are read a block
    /// at a time (MP3 and Ogg, whose length libsndfile only estimates, are decoded twice: once to count their frames);
    /// pipes are read whole first, as <see cref="Read"/> does. Accepts and refuses exactly what <see cref="Read"/> does,
    /// with the same messages.
    /// </summary>
    /// <exception cref="WavFormatException">Malformed or unsupported (one-line message naming the input).</exception>
    /// <exception cref="IOException">Cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read.</exception>
    public static IAudioBlockReader OpenBlocks(string path, int maxChannels = 2)
    {
        string name = DisplayName(path);
        Stream source = IsStandardInput(path)
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            if (!source.CanSeek)
            {
                using Stream memory = Buffer(source);
                return new ClipBlockReader(Decode(memory, name, maxChannels));
            }

            Span<byte> magic = stackalloc byte[4];
            int got = source.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            bool riff = got == 4 && magic.SequenceEqual("RIFF"u8);
            if (riff || got < 4 || !LibSndFile.IsAvailable)
            {
                IAudioBlockReader wav = WavFile.OpenBlocks(source, name, maxChannels);
                source = Stream.Null;
                return wav;
            }

            source.Position = 0;
            IAudioBlockReader reader = SndFileReader.OpenBlocks(source, name, maxChannels);
            source = Stream.Null;
            return reader;
        }
        catch (WavFormatException) when (source != Stream.Null && source.CanSeek)
        {
            // Same refusal, same message as the whole-file path.
            return new ClipBlockReader(Decode(source, name, maxChannels));
        }
        finally
        {
            source.Dispose();
        }
    }

    /// <summary>Decodes a seekable stream: RIFF WAV built in, anything else by libsndfile.</summary>
    internal static DecodedAudio Decode(Stream stream, string name, int maxChannels = 2)
    {
        Span<byte> magic = stackalloc byte[4];
        stream.Position = 0;
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        var notes = new List<string>();
        bool riff = got == 4 && magic.SequenceEqual("RIFF"u8);
        if (riff || got < 4 || !LibSndFile.IsAvailable)
        {
            try
            {
                return new DecodedAudio(WavFile.Read(stream, name, notes, maxChannels), AudioContainer.Wav, notes);
            }
            catch (WavFormatException) when (!riff && got == 4 && KnownToLibSndFile(magic))
            {
                throw new WavFormatException(name, LibSndFile.MissingMessage($"reading {FormatName(magic)}"));
            }
        }

        try
        {
            var (clip, container) = SndFileReader.Read(stream, name, maxChannels);
            return new DecodedAudio(clip, container, notes);
        }
        catch (WavFormatException e) when (e.Problem?.StartsWith("not a supported audio file", StringComparison.Ordinal) == true)
        {
            throw new WavFormatException(name, $"not a supported audio file (starts with {Describe(magic)}; {e.Problem["not a supported audio file (".Length..^1]})");
        }
    }

    private static MemoryStream Buffer(Stream source)
    {
        var memory = new MemoryStream();
        source.CopyTo(memory, 1 << 16);
        memory.Position = 0;
        return memory;
    }

    private static bool KnownToLibSndFile(ReadOnlySpan<byte> magic) => FormatName(magic) != "this format";

    private static string FormatName(ReadOnlySpan<byte> magic) => magic switch
    {
        _ when magic.SequenceEqual("fLaC"u8) => "FLAC",
        _ when magic.SequenceEqual("OggS"u8) => "Ogg",
        _ when magic.SequenceEqual("FORM"u8) => "AIFF",
        _ when magic.SequenceEqual("RF64"u8) || magic.SequenceEqual("BW64"u8) => "RF64",
        _ when magic.SequenceEqual("riff"u8) => "Wave64",
        _ when magic[..3].SequenceEqual("ID3"u8) || (magic[0] == 0xFF && (magic[1] & 0xE0) == 0xE0) => "MP3",
        _ => "this format",
    };

    /// <summary>The first bytes fit for a one-line message: printable text quoted, anything else in hex.</summary>
    private static string Describe(ReadOnlySpan<byte> magic)
    {
        foreach (byte b in magic)
        {
            if (b < 0x20 || b > 0x7E)
            {
                return "bytes " + Convert.ToHexString(magic);
            }
        }

        return $"'{Encoding.ASCII.GetString(magic)}'";
    }
}
