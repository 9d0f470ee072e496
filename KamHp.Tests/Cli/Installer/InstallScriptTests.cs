namespace KamHp.Tests.Cli.Installer;

/// <summary>
/// installer/install.sh and build-deb.sh for the kamhp command (issue 14, item 1), with a stand-in executable so the
/// test needs no NativeAOT build: what is copied where, the link on the PATH, replacement, and uninstall.
/// </summary>
public sealed class InstallScriptTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Script(string name) =>
        Path.Combine(FindRepositoryRoot(), "installer", name);

    /// <summary>A fake published kamhp: a script that prints its marker, and a native library next to it.</summary>
    private string FakeKamhp(string marker)
    {
        string folder = _folder.File("publish-" + marker);
        Directory.CreateDirectory(folder);
        string kamhp = Path.Combine(folder, "kamhp");
        File.WriteAllText(kamhp, $"#!/bin/sh\necho {marker}\n");
        KamhpProcess.Tool("chmod", "0755", kamhp);
        File.WriteAllText(Path.Combine(folder, "libSkiaSharp.so"), marker);
        return kamhp;
    }

    [Fact]
    public void InstallSh_InstallsKamhpWithItsLibraries_LinksItIntoBin_ReplacesIt_AndUninstallRemovesIt()
    {
        string bin = _folder.File("root/bin");
        string lib = _folder.File("root/lib/kamhp");

        Assert.Equal(0, Run("install.sh", "--kamhp", FakeKamhp("first"), "--bin", bin).ExitCode);
        Assert.Equal("first", Run(Path.Combine(bin, "kamhp")).Output.Trim());
        Assert.Equal("first", File.ReadAllText(Path.Combine(lib, "libSkiaSharp.so")));
        Assert.Equal(Path.Combine(lib, "kamhp"), new FileInfo(Path.Combine(bin, "kamhp")).LinkTarget);
        Assert.False(Directory.Exists(_folder.File("root/vst3")));

        Assert.Equal(0, Run("install.sh", "--kamhp", FakeKamhp("second"), "--bin", bin).ExitCode);
        Assert.Equal("second", Run(Path.Combine(bin, "kamhp")).Output.Trim());
        Assert.Equal(["kamhp"], Directory.GetFileSystemEntries(_folder.File("root/lib")).Select(Path.GetFileName));

        var removed = Run("install.sh", "--uninstall", "--prefix", _folder.File("root/vst3"), "--bin", bin);
        Assert.Equal(0, removed.ExitCode);
        Assert.False(File.Exists(Path.Combine(bin, "kamhp")) || new FileInfo(Path.Combine(bin, "kamhp")).LinkTarget is not null);
        Assert.False(Directory.Exists(lib));
    }

    [Theory]
    [InlineData("install.sh")]
    [InlineData("build-bundle.sh")]
    [InlineData("build-cli.sh")]
    [InlineData("build-deb.sh")]
    public void Help_PrintsTheHeaderComment_AndNoCode(string script)
    {
        var run = Run(script, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("installer/" + script, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("set -euo pipefail", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("#", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void InstallSh_RefusesAKamhpThatIsNotAnExecutable()
    {
        string notExecutable = _folder.File("kamhp");
        File.WriteAllText(notExecutable, "text");

        var run = Run("install.sh", "--kamhp", notExecutable, "--bin", _folder.File("bin"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not an executable file", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("bin")));
    }

    [Fact]
    public void BuildDeb_CarriesThePluginAndKamhp()
    {
        string bundle = _folder.File("KamHp.vst3");
        Directory.CreateDirectory(Path.Combine(bundle, "Contents", "x86_64-linux"));
        File.WriteAllText(Path.Combine(bundle, "Contents", "x86_64-linux", "KamHp.so"), "plugin");

        var build = Run("build-deb.sh", "--bundle", bundle, "--kamhp", FakeKamhp("deb"), "--output", _folder.File("out"));

        Assert.True(build.ExitCode == 0, build.Error);
        string deb = build.Output.Trim().Split('\n')[^1];
        string contents = Run("dpkg-deb", "-c", deb).Output;
        Assert.Contains("./usr/lib/vst3/KamHp.vst3/Contents/x86_64-linux/KamHp.so", contents, StringComparison.Ordinal);
        Assert.Contains("./usr/lib/kamhp/kamhp", contents, StringComparison.Ordinal);
        Assert.Contains("./usr/lib/kamhp/libSkiaSharp.so", contents, StringComparison.Ordinal);
        Assert.Contains("./usr/bin/kamhp -> ../lib/kamhp/kamhp", contents, StringComparison.Ordinal);
        Assert.Contains("libsndfile1", Run("dpkg-deb", "-f", deb, "Recommends").Output, StringComparison.Ordinal);
    }

    private static CliRun Run(string file, params string[] arguments) =>
        KamhpProcess.Exec(file.Contains('/') || !file.EndsWith(".sh", StringComparison.Ordinal) ? file : Script(file), arguments);

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KamHp.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
