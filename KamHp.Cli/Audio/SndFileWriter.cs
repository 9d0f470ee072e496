namespace KamHp.Cli.Audio;

/// <summary>Writes FLAC through libsndfile, from samples quantized by <see cref="WavFile.QuantizeToPcm"/>.</summary>
/// <remarks>
/// Samples go to libsndfile as 32-bit integers holding the b-bit value k shifted left by 32 - b, which its integer
/// path stores exactly; libsndfile's own float-to-integer conversion is not used, so rounding and clipping are the
/// same as for PCM WAV and a clip on the grid round trips bit-exactly.
/// </remarks>
internal static unsafe class SndFileWriter
{
    private const int FramesPerWrite = 8192;

    /// <summary>Writes <paramref name="clip"/> to <paramref name="path"/> as FLAC of 16 or 24 bits.</summary>
    /// <exception cref="IOException">libsndfile missing, or the file cannot be written.</exception>
    public static void WriteFlac(string path, AudioClip clip, int bits, CancellationToken cancellation)
    {
        if (bits is not (16 or 24))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "FLAC is written with 16 or 24 bits");
        }

        if (!LibSndFile.IsAvailable)
        {
            throw new IOException(LibSndFile.MissingMessage("writing FLAC"));
        }

        var info = new LibSndFile.SfInfo
        {
            SampleRate = clip.SampleRateHz,
            Channels = clip.ChannelCount,
            Format = LibSndFile.FormatFlac | (bits == 16 ? LibSndFile.SubtypePcm16 : LibSndFile.SubtypePcm24),
        };
        nint file = LibSndFile.Open(path, LibSndFile.ModeWrite, ref info);
        if (file == 0)
        {
            throw new IOException($"{path}: {LibSndFile.LastError(0)}");
        }

        bool closed = false;
        try
        {
            int channelCount = clip.ChannelCount;
            var buffer = new int[FramesPerWrite * channelCount];
            double scale = 1 << (bits - 1);
            int shift = 32 - bits;
            for (int start = 0; start < clip.FrameCount; start += FramesPerWrite)
            {
                cancellation.ThrowIfCancellationRequested();
                int count = Math.Min(FramesPerWrite, clip.FrameCount - start);
                for (int i = 0; i < count; i++)
                {
                    for (int c = 0; c < channelCount; c++)
                    {
                        int k = (int)Math.Round(WavFile.QuantizeToPcm(clip.Channels[c][start + i], bits) * scale);
                        buffer[(i * channelCount) + c] = k << shift;
                    }
                }

                long written;
                fixed (int* p = buffer)
                {
                    written = LibSndFile.WriteFramesInt(file, p, count);
                }

                if (written != count)
                {
                    throw new IOException($"{path}: {LibSndFile.LastError(file)}");
                }
            }

            closed = true;
            if (LibSndFile.Close(file) != 0)
            {
                throw new IOException($"{path}: {LibSndFile.LastError(0)}");
            }
        }
        finally
        {
            if (!closed)
            {
                _ = LibSndFile.Close(file);
            }
        }
    }
}
