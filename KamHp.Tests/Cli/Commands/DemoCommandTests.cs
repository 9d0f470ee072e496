using System.Globalization;
using System.Text.RegularExpressions;
using KamHp.Cli;
using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Commands;

public sealed partial class DemoCommandTests : IDisposable
{
    /// <summary>
    /// Each output must beat the mixture's SDR by this much: its error energy is at most a quarter of what
    /// "no separation at all" leaves. Steady chords against drums and clicks are the material KAM is built for.
    /// </summary>
    private const double RequiredImprovementDb = 6.0;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Demo_PrintsOutputSdrsAboveTheMixtureBaseline_MatchingTheFilesItWrites()
    {
        var run = CliRunner.Run("demo", "-o", _folder.Path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(["mix.harmonic.wav", "mix.percussive.wav", "mix.wav", "true.harmonic.wav", "true.percussive.wav"], _folder.FileNames());

        var mix = WavFile.Read(_folder.File("mix.wav"));
        Assert.Equal(44100, mix.SampleRateHz);
        Assert.Equal(2, mix.ChannelCount);
        Assert.InRange(mix.DurationSeconds, 6.0, 8.0);

        foreach (string stem in new[] { "harmonic", "percussive" })
        {
            Match row = SdrRow().Matches(run.Output).Single(m => m.Groups["stem"].Value == stem);
            double printedOutput = double.Parse(row.Groups["output"].Value, CultureInfo.InvariantCulture);
            double printedBaseline = double.Parse(row.Groups["baseline"].Value, CultureInfo.InvariantCulture);

            // Recomputed here from the written files, with the test's own arithmetic; printed with 2 decimals.
            var truth = WavFile.Read(_folder.File($"true.{stem}.wav")).Channels;
            var estimate = WavFile.Read(_folder.File($"mix.{stem}.wav")).Channels;
            Assert.Equal(Sdr(truth, estimate), printedOutput, 0.006);
            Assert.Equal(Sdr(truth, mix.Channels), printedBaseline, 0.006);

            Assert.True(
                printedOutput >= printedBaseline + RequiredImprovementDb,
                $"{stem}: output {printedOutput} dB, mixture {printedBaseline} dB; needs +{RequiredImprovementDb} dB");
        }
    }

    private static double Sdr(float[][] truth, float[][] estimate)
    {
        double signal = 0, error = 0;
        for (int c = 0; c < truth.Length; c++)
        {
            for (int i = 0; i < truth[c].Length; i++)
            {
                signal += Math.Pow(truth[c][i], 2);
                error += Math.Pow(truth[c][i] - (double)estimate[c][i], 2);
            }
        }

        return 10 * Math.Log10(signal / error);
    }

    [GeneratedRegex(@"^\s*(?<stem>harmonic|percussive)\s+output\s+(?<output>-?\d+\.\d+)\s+mixture\s+(?<baseline>-?\d+\.\d+)", RegexOptions.Multiline)]
    private static partial Regex SdrRow();
}
