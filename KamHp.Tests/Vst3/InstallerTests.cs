using System.Diagnostics;

namespace KamHp.Tests.Vst3;

/// <summary>installer/install.sh and installer/build-deb.sh, run on the bundle the fixture built.</summary>
[Collection(SharedVst3Bundle.Name)]
public sealed class InstallerTests(Vst3BundleFixture bundle)
{
    [Fact]
    public void InstallSh_InstallsTheBundleIntoAPrefix_ReplacesIt_AndUninstallRemovesIt()
    {
        var prefix = Path.Combine(Path.GetTempPath(), "kamhp-install-" + Guid.NewGuid().ToString("N"));
        try
        {
            var installed = Path.Combine(prefix, "KamHp.vst3", "Contents", "x86_64-linux", "KamHp.so");
            Assert.Equal(0, Run("install.sh", "--prefix", prefix, "--bundle", bundle.BundlePath).ExitCode);
            Assert.Equal(File.ReadAllBytes(bundle.SharedLibraryPath), File.ReadAllBytes(installed));

            // Installing again replaces the bundle and leaves no staging folders behind.
            File.WriteAllText(Path.Combine(prefix, "KamHp.vst3", "stale.txt"), "old");
            Assert.Equal(0, Run("install.sh", "--prefix", prefix, "--bundle", bundle.BundlePath).ExitCode);
            Assert.False(File.Exists(Path.Combine(prefix, "KamHp.vst3", "stale.txt")));
            Assert.Equal(["KamHp.vst3"], Directory.GetFileSystemEntries(prefix).Select(Path.GetFileName));

            Assert.Equal(0, Run("install.sh", "--uninstall", "--prefix", prefix, "--bin", Path.Combine(prefix, "bin")).ExitCode);
            Assert.False(Directory.Exists(Path.Combine(prefix, "KamHp.vst3")));
        }
        finally
        {
            if (Directory.Exists(prefix))
            {
                Directory.Delete(prefix, recursive: true);
            }
        }
    }

    [Fact]
    public void InstallSh_RefusesSomethingThatIsNotABundle_AndUnknownArguments()
    {
        var notABundle = Directory.CreateTempSubdirectory("kamhp-not-a-bundle").FullName;
        try
        {
            var result = Run("install.sh", "--prefix", Path.Combine(notABundle, "dest"), "--bundle", notABundle);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("not a VST3 bundle", result.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(notABundle, "dest", "KamHp.vst3")));
            Assert.Equal(1, Run("install.sh", "--frobnicate").ExitCode);
        }
        finally
        {
            Directory.Delete(notABundle, recursive: true);
        }
    }

    [Fact]
    public void BuildDeb_PackagesTheBundleUnderUsrLibVst3()
    {
        var output = Directory.CreateTempSubdirectory("kamhp-deb").FullName;
        try
        {
            var build = Run("build-deb.sh", "--bundle", bundle.BundlePath, "--output", output);
            Assert.True(build.ExitCode == 0, build.Error);
            var deb = build.Output.Trim().Split('\n')[^1];
            Assert.Matches(@"kamhp-vst3_\d+\.\d+\.\d+_amd64\.deb$", deb);
            var contents = Tool("dpkg-deb", "-c", deb);
            Assert.Contains("./usr/lib/vst3/KamHp.vst3/Contents/x86_64-linux/KamHp.so", contents, StringComparison.Ordinal);
            Assert.Equal("kamhp-vst3", Tool("dpkg-deb", "-f", deb, "Package").Trim());
            Assert.Equal("amd64", Tool("dpkg-deb", "-f", deb, "Architecture").Trim());

            var extracted = Path.Combine(output, "root");
            Tool("dpkg-deb", "-x", deb, extracted);
            Assert.Equal(File.ReadAllBytes(bundle.SharedLibraryPath),
                File.ReadAllBytes(Path.Combine(extracted, "usr/lib/vst3/KamHp.vst3/Contents/x86_64-linux/KamHp.so")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private (int ExitCode, string Output, string Error) Run(string script, params string[] arguments) =>
        Exec("bash", [Path.Combine(bundle.RepositoryRoot, "installer", script), .. arguments]);

    private static string Tool(string tool, params string[] arguments)
    {
        var result = Exec(tool, arguments);
        Assert.True(result.ExitCode == 0, $"{tool} failed: {result.Error}");
        return result.Output;
    }

    private static (int ExitCode, string Output, string Error) Exec(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
