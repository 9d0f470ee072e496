namespace KamHp.Cli.Audio;

/// <summary>One file of an <see cref="OutputSet"/>: where it goes and how it is encoded.</summary>
/// <param name="Path">Destination; its folder must exist.</param>
/// <param name="Container">WAV or FLAC.</param>
/// <param name="Encoding">WAV sample encoding; for FLAC only its bit depth counts (PCM 16, else 24).</param>
internal sealed record OutputTarget(string Path, AudioContainer Container, WavEncoding Encoding);

/// <summary>
/// Several outputs written as one step, piece by piece: each goes to a registered temporary file
/// (<see cref="TemporaryFiles"/>) and only when all are complete are they renamed into place (<see cref="Commit"/>).
/// Disposed without a commit (a failure, an interruption), the temporaries are deleted and no destination changes.
/// </summary>
internal sealed class OutputSet : IDisposable
{
    private readonly IReadOnlyList<OutputTarget> _targets;
    private readonly List<string> _temporaries = [];
    private readonly List<AudioFileWriter> _writers = [];
    private bool _committed;

    /// <summary>Opens a temporary file per target for <paramref name="frameCount"/> frames of <paramref name="channelCount"/> channels.</summary>
    /// <exception cref="ArgumentException">Two targets are the same file.</exception>
    /// <exception cref="IOException">A file cannot be created (nothing is left behind).</exception>
    public OutputSet(IReadOnlyList<OutputTarget> targets, int sampleRateHz, int channelCount, long frameCount)
    {
        var fullPaths = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (OutputTarget target in targets)
        {
            WavFile.CheckEncoding(target.Encoding);
            if (!fullPaths.Add(System.IO.Path.GetFullPath(target.Path)))
            {
                throw new ArgumentException($"{target.Path} is listed twice", nameof(targets));
            }
        }

        _targets = targets;
        try
        {
            foreach (OutputTarget target in targets)
            {
                string temporary = TemporaryFiles.Create(target.Path);
                _temporaries.Add(temporary);
                _writers.Add(AudioFileWriter.Create(temporary, target.Container, target.Encoding, sampleRateHz, channelCount, frameCount));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The writer of target <paramref name="index"/>.</summary>
    public AudioFileWriter this[int index] => _writers[index];

    /// <summary>Completes every file, then renames them all into place.</summary>
    /// <exception cref="IOException">A file cannot be completed or renamed.</exception>
    public void Commit(CancellationToken cancellation)
    {
        Complete();
        cancellation.ThrowIfCancellationRequested();
        Publish();
    }

    /// <summary>Completes every file (flushed to disk); nothing is renamed yet.</summary>
    /// <exception cref="IOException">A file cannot be completed.</exception>
    public void Complete()
    {
        foreach (AudioFileWriter writer in _writers)
        {
            writer.Complete();
        }
    }

    /// <summary>Renames every completed file into place.</summary>
    /// <exception cref="IOException">A file cannot be renamed.</exception>
    public void Publish()
    {
        for (int i = 0; i < _targets.Count; i++)
        {
            File.Move(_temporaries[i], _targets[i].Path, overwrite: true);
            TemporaryFiles.Release(_temporaries[i]);
        }

        _committed = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (AudioFileWriter writer in _writers)
        {
            writer.Dispose();
        }

        if (!_committed)
        {
            foreach (string temporary in _temporaries)
            {
                TemporaryFiles.Delete(temporary);
            }
        }
    }
}
