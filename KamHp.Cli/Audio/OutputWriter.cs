namespace KamHp.Cli.Audio;

/// <summary>
/// Writes several outputs as one step: each goes to a registered temporary file (<see cref="TemporaryFiles"/>) and
/// only when all are complete are they renamed into place. On any failure or cancellation the temporaries are
/// deleted and no destination changes.
/// </summary>
internal static class OutputWriter
{
    /// <exception cref="ArgumentException">A clip is invalid for its container, or two destinations are the same file.</exception>
    /// <exception cref="IOException">A file cannot be written or renamed; nothing at any destination changed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; the temporaries are gone.</exception>
    public static void WriteAll(IReadOnlyList<OutputFile> files, CancellationToken cancellation, IProgress<double>? progress = null)
    {
        var fullPaths = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (OutputFile file in files)
        {
            WavFile.CheckEncoding(file.Encoding);
            if (!fullPaths.Add(Path.GetFullPath(file.Path)))
            {
                throw new ArgumentException($"{file.Path} is listed twice", nameof(files));
            }
        }

        var temporaries = new List<string>(files.Count);
        bool committed = false;
        try
        {
            for (int i = 0; i < files.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                OutputFile file = files[i];
                string temporary = TemporaryFiles.Create(file.Path);
                temporaries.Add(temporary);
                if (file.Container == AudioContainer.Flac)
                {
                    SndFileWriter.WriteFlac(temporary, file.Clip, file.FlacBits, cancellation);
                }
                else
                {
                    WavFile.WriteTemporary(temporary, file.Clip, file.Encoding, cancellation);
                }

                progress?.Report((i + 1.0) / files.Count);
            }

            cancellation.ThrowIfCancellationRequested();
            for (int i = 0; i < files.Count; i++)
            {
                File.Move(temporaries[i], files[i].Path, overwrite: true);
                TemporaryFiles.Release(temporaries[i]);
            }

            committed = true;
        }
        finally
        {
            if (!committed)
            {
                foreach (string temporary in temporaries)
                {
                    TemporaryFiles.Delete(temporary);
                }
            }
        }
    }
}
