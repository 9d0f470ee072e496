using KamHp.Cli;
using KamHp.Cli.Audio;
using KamHp.Cli.Demo;

namespace KamHp.Tests.Cli.Commands;

/// <summary>Every command ends bad input with one line and a documented exit code (issue 9, items 10 and 12; issue 14, item 6).</summary>
public sealed class CommandSafetyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Plot_SilentFloatFile_DrawsTheFigure()
    {
        string input = _folder.File("silent.wav");
        WavFile.Write(input, new AudioClip(22050, [new float[22050], new float[22050]]), WavEncoding.Float32);

        var run = CliRunner.Run("plot", input, "-o", _folder.File("silent.png"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.True(new FileInfo(_folder.File("silent.png")).Length > 1000);
    }

    [Theory]
    [InlineData("plot")]
    [InlineData("bench-offline")]
    public void PlotAndBenchOffline_NaNFile_ExitWith2_InOneLine(string command)
    {
        string input = _folder.File("nan.wav");
        float[] samples = new float[8192];
        samples[100] = float.NaN;
        WavFile.Write(input, new AudioClip(22050, [samples]), WavEncoding.Float32);

        var run = command == "plot" ? CliRunner.Run("plot", input, "-o", _folder.File("nan.png")) : CliRunner.Run("bench-offline", input, "--repeats", "1");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("sample 100 of channel 1 is NaN", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void BenchOffline_OneSampleFile_ExitsWith2_InOneLine()
    {
        string input = _folder.File("one.wav");
        WavFile.Write(input, new AudioClip(44100, [[0.25f]]), WavEncoding.Pcm16);

        var run = CliRunner.Run("bench-offline", input, "--repeats", "1");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("1 samples; timing needs at least 4096", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_StartBeyondTheEnd_IsAUsageError()
    {
        string input = _folder.File("song.wav");
        WavFile.Write(input, DemoMixture.Generate(1, 22050, 1.0).Mix, WavEncoding.Pcm16);

        var run = CliRunner.Run("plot", input, "-o", _folder.File("song.png"), "--start", "5");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--start 5: beyond the end", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("song.png")));
    }

    [Fact]
    public void Kamhp_WithoutArguments_PrintsTheHelp_AndVersionPrintsTheVersion()
    {
        var bare = CliRunner.Run();
        var version = CliRunner.Run("--version");

        Assert.Equal(ExitCodes.Ok, bare.ExitCode);
        Assert.Contains("separate", bare.Output, StringComparison.Ordinal);
        Assert.Contains("Usage:", bare.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, bare.Error);
        Assert.Equal(ExitCodes.Ok, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);
    }

    [Theory]
    [InlineData("separate")]
    [InlineData("plot")]
    [InlineData("bench-offline")]
    public void Help_NamesTheAudioInputAlike(string command)
    {
        var run = CliRunner.Run(command, "--help");

        Assert.Contains("<INPUT>", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("IN.wav", run.Output, StringComparison.Ordinal);
    }
}
