namespace KamHp.Cli.Audio;

/// <summary>
/// Writes several whole clips as one step through an <see cref="OutputSet"/>: only when all are complete are they
/// renamed into place. On any failure or cancellation the temporaries are deleted and no destination changes.
/// </summary>
internal static class OutputWriter
{
    /// <exception cref="ArgumentException">A clip is invalid for its container, or two destinations are the same file.</exception>
    /// <exception cref="IOException">A file cannot be written or renamed; nothing at any destination changed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; the temporaries are gone.</exception>
    public static void WriteAll(IReadOnlyList<OutputFile> files, CancellationToken cancellation, IProgress<double>? progress = null)
    {
        foreach (OutputFile file in files)
        {
            WavFile.CheckEncoding(file.Encoding);
            if (file.Container == AudioContainer.Wav)
            {
                WavFile.ValidateClip(file.Clip, file.Encoding);
            }
        }

        var fullPaths = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (OutputFile file in files)
        {
            if (!fullPaths.Add(Path.GetFullPath(file.Path)))
            {
                throw new ArgumentException($"{file.Path} is listed twice", nameof(files));
            }
        }

        // One set per file: the clips may differ in rate, channels and length.
        var sets = new List<OutputSet>(files.Count);
        try
        {
            for (int i = 0; i < files.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                OutputFile file = files[i];
                var set = new OutputSet([new OutputTarget(file.Path, file.Container, file.Encoding)], file.Clip.SampleRateHz, file.Clip.ChannelCount, file.Clip.FrameCount);
                sets.Add(set);
                WavFile.WriteBlocks(set[0], file.Clip, cancellation);
                progress?.Report((i + 1.0) / files.Count);
            }

            foreach (OutputSet set in sets)
            {
                set.Complete();
            }

            cancellation.ThrowIfCancellationRequested();
            foreach (OutputSet set in sets)
            {
                set.Publish();
            }
        }
        finally
        {
            foreach (OutputSet set in sets)
            {
                set.Dispose();
            }
        }
    }
}
