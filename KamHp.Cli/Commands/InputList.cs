using KamHp.Cli.Audio;

namespace KamHp.Cli.Commands;

/// <summary>One input of a batch: a path to read (or <c>-</c>), or a problem found while expanding what was typed.</summary>
/// <param name="Path">The file, <c>-</c>, or the pattern/folder as typed when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why there is nothing to read here (exit 2 for this entry), or null.</param>
internal sealed record InputEntry(string Path, string? Problem = null)
{
    public bool IsStandardInput => AudioInput.IsStandardInput(Path);
}

/// <summary>
/// Expands the inputs of <c>kamhp separate</c>: files as given, folders to the audio files directly inside them,
/// and glob patterns the shell left unexpanded (<c>'*.flac'</c>; wildcards in the file name only), each sorted by name.
/// </summary>
internal static class InputList
{
    public static IReadOnlyList<InputEntry> Expand(IReadOnlyList<string> arguments, out string? usageError)
    {
        usageError = null;
        if (arguments.Count(AudioInput.IsStandardInput) > 1)
        {
            usageError = "standard input (-) can be given only once";
            return [];
        }

        var entries = new List<InputEntry>();
        foreach (string argument in arguments)
        {
            if (AudioInput.IsStandardInput(argument) || File.Exists(argument))
            {
                entries.Add(new InputEntry(argument));
            }
            else if (Directory.Exists(argument))
            {
                entries.AddRange(FromFolder(argument));
            }
            else if (argument.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                entries.AddRange(FromPattern(argument));
            }
            else
            {
                entries.Add(new InputEntry(argument)); // missing: reading it says so, for this entry only
            }
        }

        return entries;
    }

    private static IEnumerable<InputEntry> FromFolder(string folder)
    {
        string[] files = [.. Directory.EnumerateFiles(folder)
            .Where(f => AudioContainers.InputExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)];
        return files.Length > 0
            ? files.Select(f => new InputEntry(f))
            : [new InputEntry(folder, $"is a folder without audio files ({string.Join(", ", AudioContainers.InputExtensions)})")];
    }

    private static IEnumerable<InputEntry> FromPattern(string pattern)
    {
        string folder = Path.GetDirectoryName(pattern) ?? string.Empty;
        string name = Path.GetFileName(pattern);
        if (folder.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return [new InputEntry(pattern, "wildcards are supported in the file name only")];
        }

        string search = folder.Length == 0 ? "." : folder;
        string[] files = Directory.Exists(search)
            ? [.. Directory.EnumerateFiles(search, name).Select(f => folder.Length == 0 ? Path.GetFileName(f) : Path.Combine(folder, Path.GetFileName(f))).Order(StringComparer.Ordinal)]
            : [];
        return files.Length > 0 ? files.Select(f => new InputEntry(f)) : [new InputEntry(pattern, "no file matches")];
    }
}
