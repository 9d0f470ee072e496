using System.Text.Json;
using KamHp.Cli;
using KamHp.Cli.Audio;
using KamHp.Cli.Demo;

namespace KamHp.Tests.Cli.Commands;

/// <summary>Issue 14, item 4: several inputs, folders and globs, name templates, no silent overwrite, summaries.</summary>
public sealed class SeparateBatchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteInput(string relative, int seed = 7)
    {
        string path = _folder.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavFile.Write(path, DemoMixture.Generate(seed, 22050, 0.5).Mix, WavEncoding.Pcm16);
        return path;
    }

    [Fact]
    public void Separate_SeveralFilesAFolderAndAGlob_WritesEach_OneLineEach_AndATotal()
    {
        string a = WriteInput("a.wav", 1);
        WriteInput("dir/b.wav", 2);
        WriteInput("dir/c.wav", 3);
        File.WriteAllText(_folder.File("dir/notes.txt"), "not audio");
        WriteInput("glob/d1.wav", 4);
        WriteInput("glob/d2.wav", 5);
        string outFolder = _folder.File("stems");

        var run = CliRunner.Run("separate", a, _folder.File("dir"), _folder.File("glob/d*.wav"), "-o", outFolder);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal(6, run.OutputLines.Length);
        Assert.StartsWith("5 files: 5 separated, 0 failed;", run.OutputLines[^1], StringComparison.Ordinal);
        foreach (string stem in new[] { "a", "b", "c", "d1", "d2" })
        {
            Assert.True(File.Exists(Path.Combine(outFolder, $"{stem}.harmonic.wav")), stem);
            Assert.True(File.Exists(Path.Combine(outFolder, $"{stem}.percussive.wav")), stem);
        }
    }

    [Fact]
    public void Separate_NameTemplate_PlacesTheOutputs()
    {
        string input = WriteInput("song.wav");

        var run = CliRunner.Run("separate", input, "-o", _folder.File("out"), "--name", "{stem}/{part}.{ext}");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal(["out/song/harmonic.wav", "out/song/percussive.wav", "song.wav"], _folder.FileNames());
    }

    [Theory]
    [InlineData("{stem}.{ext}", "must contain {part}")]
    [InlineData("{stem}.{part}.{bogus}", "unknown placeholder {bogus}")]
    public void Separate_BadNameTemplate_IsAUsageError(string template, string problem)
    {
        string input = WriteInput("song.wav");

        var run = CliRunner.Run("separate", input, "-o", _folder.File("out"), "--name", template);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(problem, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["song.wav"], _folder.FileNames());
    }

    [Fact]
    public void Separate_ExistingOutput_IsRefusedBeforeAnyWork_AndForceReplacesIt()
    {
        string input = WriteInput("song.wav");
        string outFolder = _folder.File("out");
        Directory.CreateDirectory(outFolder);
        File.WriteAllText(Path.Combine(outFolder, "song.percussive.wav"), "keep me");

        var refused = CliRunner.Run("separate", input, "-o", outFolder);

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("song.percussive.wav exists; add --force", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["out/song.percussive.wav", "song.wav"], _folder.FileNames());
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(outFolder, "song.percussive.wav")));

        var forced = CliRunner.Run("separate", input, "-o", outFolder, "--force");

        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.Equal(WavFile.Read(input).FrameCount, WavFile.Read(Path.Combine(outFolder, "song.percussive.wav")).FrameCount);
    }

    [Fact]
    public void Separate_TwoInputsWithOneOutputName_IsAnErrorBeforeAnyWork()
    {
        string first = WriteInput("x/mix.wav", 1);
        string second = WriteInput("y/mix.wav", 2);

        var run = CliRunner.Run("separate", first, second, "-o", _folder.File("out"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("would both be written to", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("out")));
    }

    [Fact]
    public void Separate_OneBadInput_DoesNotStopTheOthers_AndTheWorstExitCodeWins()
    {
        string good = WriteInput("good.wav");
        string bad = _folder.File("bad.wav");
        File.WriteAllBytes(bad, [.. "RIFF"u8, 0, 0]);
        string json = _folder.File("summary.json");

        var run = CliRunner.Run("separate", bad, good, "-o", _folder.File("out"), "--json", json);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"kamhp: {bad}: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("out/good.harmonic.wav")));
        using var summary = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = summary.RootElement;
        Assert.Equal(ExitCodes.BadInput, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(2, root.GetProperty("files").GetInt32());
        Assert.Equal(1, root.GetProperty("separated").GetInt32());
        JsonElement[] results = [.. root.GetProperty("results").EnumerateArray()];
        Assert.Equal(ExitCodes.BadInput, results[0].GetProperty("exitCode").GetInt32());
        Assert.Equal(0.5, results[1].GetProperty("audioSeconds").GetDouble(), 6);
        Assert.Equal(2, results[1].GetProperty("outputs").GetArrayLength());
    }

    [Fact]
    public void Separate_Quiet_PrintsNothing_AndJsonToStandardOutputIsTheOnlyOutput()
    {
        string input = WriteInput("song.wav");

        var quiet = CliRunner.Run("separate", input, "-o", _folder.File("q"), "--quiet");
        var json = CliRunner.Run("separate", input, "-o", _folder.File("j"), "--json", "-");

        Assert.Equal(ExitCodes.Ok, quiet.ExitCode);
        Assert.Equal(string.Empty, quiet.Output + quiet.Error);
        Assert.True(File.Exists(_folder.File("q/song.harmonic.wav")));
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(1, document.RootElement.GetProperty("separated").GetInt32());
    }

    [Fact]
    public void Separate_UnwritableJsonSummary_IsFoundBeforeAnyWork()
    {
        string input = WriteInput("song.wav");

        var run = CliRunner.Run("separate", input, "-o", _folder.File("out"), "--json", _folder.File("missing/summary.json"));

        Assert.Equal(ExitCodes.OutputFailed, run.ExitCode);
        Assert.StartsWith("kamhp: --json ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["song.wav"], _folder.FileNames());
    }

    [Fact]
    public void Separate_GlobThatMatchesNothing_ExitsWith2()
    {
        var run = CliRunner.Run("separate", _folder.File("*.flac"), "-o", _folder.File("out"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no file matches", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }
}
