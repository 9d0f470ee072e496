using System.Globalization;
using KamHp.Cli.Audio;

namespace KamHp.Cli.Commands;

/// <summary>One output of one input: where it goes, which iteration's signal, harmonic or percussive.</summary>
internal sealed record PlannedOutput(string Path, int Iteration, bool Harmonic);

/// <summary>What <c>kamhp separate</c> will do with one input: its outputs and their container.</summary>
internal sealed record FilePlan(InputEntry Input, string Folder, AudioContainer Container, IReadOnlyList<PlannedOutput> Outputs);

/// <summary>
/// Names every output of a batch before any work and checks the whole batch can be written, so a refusal comes at
/// once: two outputs with one name, an output that is an input (symlinks and hard links resolved), an output that
/// exists (unless --force), an output folder that cannot be created or written.
/// </summary>
internal static class SeparatePlan
{
    /// <summary>Plans every entry: output names do not depend on the input's rate, so they are all known before any reading.</summary>
    public static IReadOnlyList<FilePlan> Build(SeparateRequest request, IReadOnlyList<InputEntry> entries)
    {
        var plans = new List<FilePlan>(entries.Count);
        foreach (InputEntry entry in entries)
        {
            string stem = entry.IsStandardInput ? AudioInput.StandardInputStem : Path.GetFileNameWithoutExtension(entry.Path);
            string folder = request.OutputFolder ?? (entry.IsStandardInput ? string.Empty : Path.GetDirectoryName(entry.Path) ?? string.Empty);
            AudioContainer input = string.Equals(Path.GetExtension(entry.Path), ".flac", StringComparison.OrdinalIgnoreCase) ? AudioContainer.Flac : AudioContainer.Wav;
            AudioContainer container = request.Format ?? AudioContainers.OutputFor(input);
            string extension = AudioContainers.Extension(container);

            var outputs = new List<PlannedOutput>();
            void Plan(string label, int iteration)
            {
                outputs.Add(new PlannedOutput(Path.Combine(folder, OutputNames.Format(request.NameTemplate, stem, label + "harmonic", extension)), iteration, true));
                outputs.Add(new PlannedOutput(Path.Combine(folder, OutputNames.Format(request.NameTemplate, stem, label + "percussive", extension)), iteration, false));
            }

            if (request.EveryIteration)
            {
                for (int n = 1; n <= request.Iterations; n++)
                {
                    Plan(string.Create(CultureInfo.InvariantCulture, $"iter{n:D2}."), n);
                }
            }

            Plan(string.Empty, request.Iterations);
            plans.Add(new FilePlan(entry, folder, container, outputs));
        }

        return plans;
    }

    /// <summary>Checks that need no writing: collisions, inputs, existing outputs. Returns (exit code, message) or null.</summary>
    public static (int ExitCode, string Message)? CheckNames(IReadOnlyList<FilePlan> plans, bool force)
    {
        var comparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var owners = new Dictionary<string, string>(comparer);
        foreach (FilePlan plan in plans)
        {
            foreach (PlannedOutput output in plan.Outputs)
            {
                string full = Path.GetFullPath(output.Path);
                if (!owners.TryAdd(full, plan.Input.Path))
                {
                    string first = owners[full];
                    return (ExitCodes.Usage, first == plan.Input.Path
                        ? $"{output.Path} would be written twice for {AudioInput.DisplayName(first)} (see --name)"
                        : $"{AudioInput.DisplayName(first)} and {AudioInput.DisplayName(plan.Input.Path)} would both be written to {output.Path}; use --name '{{stem}}...' or separate output folders");
                }
            }
        }

        foreach (FilePlan plan in plans)
        {
            foreach (PlannedOutput output in plan.Outputs)
            {
                foreach (FilePlan other in plans)
                {
                    if (!other.Input.IsStandardInput && other.Input.Problem is null &&
                        (comparer.Equals(Path.GetFullPath(output.Path), Path.GetFullPath(other.Input.Path)) || FileIdentity.Same(output.Path, other.Input.Path)))
                    {
                        return (ExitCodes.Usage, $"refusing to overwrite the input {other.Input.Path} (it is also the output {output.Path})");
                    }
                }
            }
        }

        if (!force)
        {
            foreach (FilePlan plan in plans)
            {
                if (plan.Outputs.FirstOrDefault(o => File.Exists(o.Path) || Directory.Exists(o.Path)) is { } existing)
                {
                    return (ExitCodes.Usage, $"{existing.Path} exists; add --force to replace it");
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Creates every output folder and writes and deletes a probe file in it; removes temporaries of the planned
    /// outputs left by killed runs. Returns (exit code 3, message) when a folder cannot be written, else null.
    /// </summary>
    public static (int ExitCode, string Message)? PrepareFolders(IReadOnlyList<FilePlan> plans, List<string> created)
    {
        foreach (string folder in plans.SelectMany(p => p.Outputs).Select(o => Path.GetDirectoryName(Path.GetFullPath(o.Path)) ?? ".").Distinct())
        {
            string shown = plans.SelectMany(p => p.Outputs).Select(o => Path.GetDirectoryName(o.Path)).First(d => Path.GetFullPath(string.IsNullOrEmpty(d) ? "." : d) == folder) is { Length: > 0 } d2 ? d2 : ".";
            try
            {
                if (File.Exists(folder))
                {
                    return (ExitCodes.Usage, $"-o {shown}: is a file, not a folder");
                }

                for (string? missing = folder; missing is not null && !Directory.Exists(missing); missing = Path.GetDirectoryName(missing))
                {
                    created.Add(missing);
                }

                Directory.CreateDirectory(folder);
                string probe = TemporaryFiles.Create(Path.Combine(folder, "kamhp-write-check"));
                try
                {
                    using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                    {
                    }
                }
                finally
                {
                    TemporaryFiles.Delete(probe);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (ExitCodes.OutputFailed, $"cannot write to {shown} ({e.Message.ReplaceLineEndings(" ")}); nothing was written");
            }
        }

        foreach (PlannedOutput output in plans.SelectMany(p => p.Outputs))
        {
            TemporaryFiles.RemoveStale(output.Path);
        }

        return null;
    }

    /// <summary>Checks the <c>--json</c> file can be written, before any work (a probe file next to it); null when it can.</summary>
    public static (int ExitCode, string Message)? CheckJson(string? jsonPath)
    {
        if (jsonPath is null or "-")
        {
            return null;
        }

        string probe = TemporaryFiles.Create(jsonPath);
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return Directory.Exists(jsonPath) ? (ExitCodes.Usage, $"--json {jsonPath}: is a folder, not a file") : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (ExitCodes.OutputFailed, $"--json {jsonPath}: cannot be written ({e.Message.ReplaceLineEndings(" ")}); nothing was done");
        }
        finally
        {
            TemporaryFiles.Delete(probe);
        }
    }

    /// <summary>Removes folders <see cref="PrepareFolders"/> created that are still empty (the batch wrote nothing there).</summary>
    public static void RemoveEmpty(List<string> created)
    {
        foreach (string folder in created.Distinct().OrderByDescending(f => f.Length))
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: an empty folder left behind changes no file.
            }
        }
    }
}
