using System.Diagnostics;

namespace KamHp.Tests.Vst3;

/// <summary>
/// Provides the published VST3 bundle. Uses $KAMHP_VST3_BUNDLE if set (CI publishes first); otherwise
/// artifacts/vst3/KamHp.vst3 in the repository, building it with installer/build-bundle.sh when it is missing or older
/// than the sources, so a fresh machine tests the real binary instead of skipping.
/// </summary>
public sealed class Vst3BundleFixture
{
    private static readonly string[] s_sourceFolders = ["KamHp.Vst3", "KamHp.Vst3.Generator", "AudioPlugSharp.KamHp", "KamHp.Dsp"];

    public Vst3BundleFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        var fromEnvironment = Environment.GetEnvironmentVariable("KAMHP_VST3_BUNDLE");
        BundlePath = string.IsNullOrEmpty(fromEnvironment)
            ? Path.Combine(RepositoryRoot, "artifacts", "vst3", "KamHp.vst3")
            : Path.GetFullPath(fromEnvironment);
        SharedLibraryPath = Path.Combine(BundlePath, "Contents", "x86_64-linux", "KamHp.so");
        if (string.IsNullOrEmpty(fromEnvironment) && (!File.Exists(SharedLibraryPath) || IsStale()))
        {
            Build();
        }

        if (!File.Exists(SharedLibraryPath))
        {
            throw new FileNotFoundException($"The VST3 bundle was not built: {SharedLibraryPath}");
        }
    }

    public string RepositoryRoot { get; }

    public string BundlePath { get; }

    public string SharedLibraryPath { get; }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KamHp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("KamHp.sln not found above " + AppContext.BaseDirectory);
    }

    private bool IsStale()
    {
        var built = File.GetLastWriteTimeUtc(SharedLibraryPath);
        foreach (var folder in s_sourceFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryRoot, file);
                if ((file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal))
                    && !relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && File.GetLastWriteTimeUtc(file) > built)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Build()
    {
        var script = Path.Combine(RepositoryRoot, "installer", "build-bundle.sh");
        var start = new ProcessStartInfo("bash", [script, "--output", Path.GetDirectoryName(BundlePath)!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + script);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr}");
        }
    }
}
