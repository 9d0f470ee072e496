using KamHp.Cli;

namespace KamHp.Tests.Cli.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_PrintsTheMachine_AndOneRowPerModeAndIterationCount()
    {
        // Timings are not asserted (no timed unit tests); the command's shape is.
        var run = CliRunner.Run("bench", "--seconds", "1", "--runs", "1", "--iterations", "1,3", "--latency-mode", "live,balanced", "--no-spatial");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        string[] lines = run.OutputLines;
        Assert.StartsWith("kamhp bench: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("logical cores", lines[0], StringComparison.Ordinal);
        Assert.Contains("host blocks of 64 (1.451 ms)", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("CPU RTF", lines[1], StringComparison.Ordinal);
        Assert.Equal(2 + 4, lines.Length);
        Assert.StartsWith("live", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("balanced", lines[5], StringComparison.Ordinal);
        Assert.All(lines[2..], l => Assert.Contains("%)", l, StringComparison.Ordinal));
        Assert.Contains("98.7 ms", lines[2], StringComparison.Ordinal);     // Live latency at 44.1 kHz: 4351 samples
    }

    [Theory]
    [InlineData("--seconds", "0")]
    [InlineData("--runs", "21")]
    [InlineData("--block", "0")]
    [InlineData("--iterations", "11")]
    [InlineData("--latency-mode", "fast")]
    public void Bench_BadOption_ExitsWith1(string option, string value)
    {
        var run = CliRunner.Run("bench", option, value);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("kamhp bench: ", run.ErrorLines[0], StringComparison.Ordinal);
    }
}
