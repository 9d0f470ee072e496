using KamHp.Cli.Audio;

namespace KamHp.Cli.Evaluation;

/// <summary>One excerpt folder: mix.wav, harmonic.wav, percussive.wav.</summary>
/// <param name="Name">Folder name.</param>
/// <param name="Folder">Folder path.</param>
internal sealed record CorpusExcerpt(string Name, string Folder)
{
    public const string MixFile = "mix.wav";
    public const string HarmonicFile = "harmonic.wav";
    public const string PercussiveFile = "percussive.wav";

    /// <summary>
    /// The excerpts of a corpus: every non-hidden sub-folder, in ordinal name order; or the folder itself if it holds
    /// mix.wav. Throws <see cref="CorpusException"/> when the folder is missing, empty, or a sub-folder lacks a file.
    /// </summary>
    public static IReadOnlyList<CorpusExcerpt> Discover(string corpus)
    {
        if (!Directory.Exists(corpus))
        {
            throw new CorpusException($"{corpus}: corpus folder not found");
        }

        if (File.Exists(Path.Combine(corpus, MixFile)))
        {
            var single = new CorpusExcerpt(Path.GetFileName(Path.GetFullPath(corpus).TrimEnd(Path.DirectorySeparatorChar)), corpus);
            single.CheckFiles();
            return [single];
        }

        var excerpts = new List<CorpusExcerpt>();
        foreach (string folder in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            if (name.StartsWith('.'))
            {
                continue;
            }

            var excerpt = new CorpusExcerpt(name, folder);
            excerpt.CheckFiles();
            excerpts.Add(excerpt);
        }

        if (excerpts.Count == 0)
        {
            throw new CorpusException($"{corpus}: no excerpt folders (each needs {MixFile}, {HarmonicFile}, {PercussiveFile})");
        }

        return excerpts;
    }

    /// <summary>Reads the three files; throws <see cref="CorpusException"/> or <see cref="WavFormatException"/> on bad input.</summary>
    public (AudioClip Mix, AudioClip Harmonic, AudioClip Percussive) Load()
    {
        AudioClip mix = Read(MixFile);
        AudioClip harmonic = Read(HarmonicFile);
        AudioClip percussive = Read(PercussiveFile);
        CheckMatches(mix, harmonic, HarmonicFile);
        CheckMatches(mix, percussive, PercussiveFile);
        if (IsSilent(harmonic) || IsSilent(percussive))
        {
            throw new CorpusException($"{Path.Combine(Folder, IsSilent(harmonic) ? HarmonicFile : PercussiveFile)}: stem is silent; BSS Eval needs a non-silent reference");
        }

        return (mix, harmonic, percussive);
    }

    private static bool IsSilent(AudioClip clip) => clip.Channels.All(c => !c.AsSpan().ContainsAnyExcept(0f));

    private void CheckFiles()
    {
        foreach (string file in new[] { MixFile, HarmonicFile, PercussiveFile })
        {
            if (!File.Exists(Path.Combine(Folder, file)))
            {
                throw new CorpusException($"{Path.Combine(Folder, file)}: missing (an excerpt folder needs {MixFile}, {HarmonicFile}, {PercussiveFile})");
            }
        }
    }

    private AudioClip Read(string file)
    {
        string path = Path.Combine(Folder, file);
        try
        {
            return WavFile.Read(path);
        }
        catch (IOException e)
        {
            throw new CorpusException($"{path}: {e.Message.Split('\n')[0]}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CorpusException($"{path}: {e.Message.Split('\n')[0]}");
        }
    }

    private void CheckMatches(AudioClip mix, AudioClip stem, string file)
    {
        string path = Path.Combine(Folder, file);
        if (stem.SampleRateHz != mix.SampleRateHz)
        {
            throw new CorpusException($"{path}: {stem.SampleRateHz} Hz, but {MixFile} is {mix.SampleRateHz} Hz");
        }

        if (stem.Channels.Length != mix.Channels.Length)
        {
            throw new CorpusException($"{path}: {stem.Channels.Length} channel(s), but {MixFile} has {mix.Channels.Length}");
        }

        if (stem.Channels[0].Length != mix.Channels[0].Length)
        {
            throw new CorpusException($"{path}: {stem.Channels[0].Length} samples, but {MixFile} has {mix.Channels[0].Length}");
        }
    }
}
