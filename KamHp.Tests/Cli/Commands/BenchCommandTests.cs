using KamHp.Cli;

namespace KamHp.Tests.Cli.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_PrintsTheMachine_AndOneRowPerModeAndIterationCount()
    {
        // Timings are not asserted (no timed unit tests); the command's shape is.
        var run = CliRunner.Run("bench", "--seconds", "1", "--runs", "1", "--iterations", "1,3", "--latency-mode", "live,balanced", "--no-spatial", "--method", "paper");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        string[] lines = run.OutputLines;
        Assert.StartsWith("kamhp bench: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("logical cores", lines[0], StringComparison.Ordinal);
        Assert.Contains("host blocks of 64 (1.451 ms)", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("CPU RTF  method", lines[1], StringComparison.Ordinal);
        Assert.Equal(2 + 4, lines.Length);
        Assert.StartsWith("live", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("balanced", lines[5], StringComparison.Ordinal);
        Assert.All(lines[2..], l => Assert.Contains("%)", l, StringComparison.Ordinal));
        Assert.Contains("98.7 ms", lines[2], StringComparison.Ordinal);     // Live latency at 44.1 kHz: 4351 samples
        Assert.All(lines[2..], l => Assert.EndsWith("  paper", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Bench_TimesTheHiResMethodByDefault_AndEveryMethodGiven()
    {
        var byDefault = CliRunner.Run("bench", "--seconds", "1", "--runs", "1", "--iterations", "1", "--latency-mode", "live");
        var both = CliRunner.Run("bench", "--seconds", "1", "--runs", "1", "--iterations", "1", "--latency-mode", "live", "--method", "hires,paper");

        Assert.Equal(ExitCodes.Ok, byDefault.ExitCode);
        Assert.Equal(3, byDefault.OutputLines.Length);
        Assert.EndsWith("  hires", byDefault.OutputLines[2], StringComparison.Ordinal);
        Assert.Contains("191.5 ms", byDefault.OutputLines[2], StringComparison.Ordinal);   // hires Live: 8447 samples
        Assert.Equal(ExitCodes.Ok, both.ExitCode);
        Assert.Equal(["hires", "paper"], both.OutputLines[2..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]));
    }

    [Theory]
    [InlineData("--seconds", "0")]
    [InlineData("--runs", "21")]
    [InlineData("--block", "0")]
    [InlineData("--iterations", "11")]
    [InlineData("--latency-mode", "fast")]
    [InlineData("--method", "cascade")]
    public void Bench_BadOption_ExitsWith1(string option, string value)
    {
        var run = CliRunner.Run("bench", option, value);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("kamhp bench: ", run.ErrorLines[0], StringComparison.Ordinal);
    }
}
