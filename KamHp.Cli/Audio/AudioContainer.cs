namespace KamHp.Cli.Audio;

/// <summary>File containers <c>kamhp</c> reads; <see cref="AudioContainers"/> says which it can also write.</summary>
public enum AudioContainer
{
    Wav,
    W64,
    Rf64,
    Aiff,
    Flac,
    Ogg,
    Mp3,

    /// <summary>Anything else libsndfile reads (AU, CAF, ...): read, written as WAV.</summary>
    Other,
}

/// <summary>Names, extensions and write support of <see cref="AudioContainer"/>s.</summary>
internal static class AudioContainers
{
    /// <summary>File extensions a folder given as input is searched for (lower case, with the dot).</summary>
    public static IReadOnlyList<string> InputExtensions { get; } =
        [".wav", ".wave", ".flac", ".ogg", ".oga", ".mp3", ".aif", ".aiff", ".aifc", ".w64", ".rf64"];

    /// <summary>The container outputs use: the input's where <c>kamhp</c> writes it (WAV, FLAC), else WAV.</summary>
    public static AudioContainer OutputFor(AudioContainer input) => input == AudioContainer.Flac ? AudioContainer.Flac : AudioContainer.Wav;

    /// <summary>Extension of an output file, without the dot.</summary>
    public static string Extension(AudioContainer container) => container == AudioContainer.Flac ? "flac" : "wav";

    public static string Name(AudioContainer container) => container switch
    {
        AudioContainer.Wav => "WAV",
        AudioContainer.W64 => "Sony Wave64",
        AudioContainer.Rf64 => "RF64",
        AudioContainer.Aiff => "AIFF",
        AudioContainer.Flac => "FLAC",
        AudioContainer.Ogg => "Ogg",
        AudioContainer.Mp3 => "MP3",
        _ => "audio",
    };

    /// <summary>libsndfile's major format to a container.</summary>
    public static AudioContainer FromSndFileFormat(int format) => (format & LibSndFile.TypeMask) switch
    {
        LibSndFile.FormatWav or LibSndFile.FormatWavEx => AudioContainer.Wav,
        LibSndFile.FormatW64 => AudioContainer.W64,
        LibSndFile.FormatRf64 => AudioContainer.Rf64,
        LibSndFile.FormatAiff => AudioContainer.Aiff,
        LibSndFile.FormatFlac => AudioContainer.Flac,
        LibSndFile.FormatOgg => AudioContainer.Ogg,
        LibSndFile.FormatMpeg => AudioContainer.Mp3,
        _ => AudioContainer.Other,
    };
}
