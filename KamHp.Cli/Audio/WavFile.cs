namespace KamHp.Cli.Audio;

/// <summary>
/// Reads and writes WAV files: PCM 16/24/32-bit (8-bit read only), IEEE float 32/64-bit, plain or
/// WAVE_FORMAT_EXTENSIBLE, 1 or 2 channels, any sample rate.
/// </summary>
/// <remarks>
/// <para>
/// Who does what. The RIFF container is parsed and validated here, for every file: NWaves 0.9.6's
/// <c>WaveFile</c> scans the bytes for the text "fmt " and "data" instead of walking the chunks, trusts the
/// declared data size, does not check channel count, block align or bit depth, reads 64-bit float not at
/// all and WAVE_FORMAT_EXTENSIBLE wrongly (it keeps tag 0xFFFE and returns silence for 32-bit float).
/// Once a file is known to be sound, its samples are decoded by <see cref="WavSampleDecoder"/>, one vector
/// loop per encoding, giving the values NWaves <c>WaveFile</c> gives for the encodings it reads (it decoded
/// them here until it showed as 25 ms of a 0.17 s call: it reads byte by byte; the tests keep it as the
/// reference) and a plain cast for 64-bit float.
/// </para>
/// <para>
/// Writing goes through <see cref="AudioFileWriter"/> piece by piece (NWaves' <c>WaveFile.SaveTo</c> needs the
/// whole signal and cannot write float; the tests check the PCM bytes against it): PCM samples are rounded to
/// the nearest step and clipped to full scale (NWaves truncates toward zero and wraps on overflow), the sizes
/// are 32-bit unsigned, the pad byte RIFF requires after an odd-sized chunk is written; 32/64-bit float files
/// carry format tag 3, an 18-byte fmt chunk and the fact chunk the specification asks of non-PCM formats.
/// </para>
/// <para>
/// Full scale: PCM value k of b bits reads as k / 2^(b-1), so 16-bit PCM covers [-1, 32767/32768]. Writing
/// PCM rounds to that grid and clips outside it; a clip already on the grid is written and read back
/// bit-exactly (32-bit PCM: any float in range is on the grid, floats having 24 significant bits). Float
/// encodings are never clipped; 32-bit float round trips bit-exactly, 64-bit too (float to double and back).
/// </para>
/// </remarks>
public static partial class WavFile
{
    /// <summary>Reads a WAV file into memory.</summary>
    /// <param name="path">The file; named as given in error messages.</param>
    /// <returns>The samples, planar, at the file's rate and channel count.</returns>
    /// <exception cref="WavFormatException">
    /// The file is empty, malformed, truncated or in an unsupported format (message: "&lt;file&gt;: &lt;problem&gt;", one line).
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened or read (not found, no permission, device error).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened for reading.</exception>
    public static AudioClip Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var format = ParseHeader(stream, path);
        return Decode(stream, format, path);
    }

    /// <summary>Reads a WAV file from a seekable stream positioned anywhere.</summary>
    /// <param name="stream">Seekable; read from its start.</param>
    /// <param name="name">How messages name the file.</param>
    /// <param name="notes">Receives remarks worth a line in verbose output (a streamed WAV read to its end); may be null.</param>
    /// <param name="maxChannels">Most channels accepted (2 unless the caller mixes down, <see cref="Downmix"/>).</param>
    internal static AudioClip Read(Stream stream, string name, ICollection<string>? notes, int maxChannels = 2)
    {
        stream.Position = 0;
        var format = ParseHeader(stream, name, notes, maxChannels);
        return Decode(stream, format, name);
    }

    /// <summary>Writes <paramref name="clip"/> as a WAV file, atomically.</summary>
    /// <remarks>
    /// The file is written to a hidden temporary file in the same folder and renamed over
    /// <paramref name="path"/> only once complete, so <paramref name="path"/> holds either its previous
    /// content or the whole new file, never a part. Callers must not pass the path they read their input
    /// from: this method replaces whatever is there.
    /// </remarks>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="clip">1 or 2 channels of equal length, sample rate above zero.</param>
    /// <param name="encoding">Sample encoding. PCM rounds to the nearest step and clips at full scale; float never clips.</param>
    /// <exception cref="ArgumentException">The clip has no channels, more than 2, unequal lengths, a non-positive rate, or is too long for WAV (4 GiB of data).</exception>
    /// <exception cref="IOException">The file cannot be written; nothing at <paramref name="path"/> changed.</exception>
    public static void Write(string path, AudioClip clip, WavEncoding encoding) => WriteAll([(path, clip)], encoding);
}
