namespace KamHp.Cli.Audio;

/// <summary>Writes FLAC through libsndfile (<see cref="FlacFileWriter"/>), from samples quantized by <see cref="WavFile.QuantizeToPcm"/>.</summary>
internal static class SndFileWriter
{
    /// <summary>Writes <paramref name="clip"/> to <paramref name="path"/> as FLAC of 16 or 24 bits.</summary>
    /// <exception cref="IOException">libsndfile missing, or the file cannot be written.</exception>
    public static void WriteFlac(string path, AudioClip clip, int bits, CancellationToken cancellation)
    {
        using var writer = new FlacFileWriter(path, clip.SampleRateHz, clip.ChannelCount, bits);
        WavFile.WriteClip(writer, clip, cancellation);
    }
}
