using System.Text.Json;
using KamHp.Cli;
using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Evaluation;

/// <summary><c>kamhp corpus DIR</c>: a deterministic synthetic corpus that <c>kamhp eval</c> can score.</summary>
public sealed class CorpusCommandTests
{
    [Fact]
    public void Corpus_IsDeterministic_MixIsExactlyTheSumOfItsStems_AndHasAManifest()
    {
        using var temp = new TempFolder();
        string first = temp.File("first"), second = temp.File("second");

        (int exit, string stdout, string stderr) = Run("corpus", first, "--excerpts", "2", "--seconds", "2");
        Assert.True(exit == 0, stderr);
        Assert.Contains("wrote 2 excerpts", stdout, StringComparison.Ordinal);
        (exit, _, stderr) = Run("corpus", second, "--excerpts", "2", "--seconds", "2");
        Assert.True(exit == 0, stderr);

        string[] excerpts = [.. Directory.GetDirectories(first).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(2, excerpts.Length);
        foreach (string excerpt in excerpts)
        {
            foreach (string file in new[] { "mix.wav", "harmonic.wav", "percussive.wav" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(first, excerpt, file)), File.ReadAllBytes(Path.Combine(second, excerpt, file)));
            }

            AudioClip mix = WavFile.Read(Path.Combine(first, excerpt, "mix.wav"));
            AudioClip harmonic = WavFile.Read(Path.Combine(first, excerpt, "harmonic.wav"));
            AudioClip percussive = WavFile.Read(Path.Combine(first, excerpt, "percussive.wav"));
            Assert.Equal(2 * 44100, mix.FrameCount);
            for (int c = 0; c < 2; c++)
            {
                Assert.True(Rms(harmonic.Channels[c]) > 0.01 && Rms(percussive.Channels[c]) > 0.01, "both stems carry sound");
                for (int i = 0; i < mix.FrameCount; i++)
                {
                    Assert.Equal(harmonic.Channels[c][i] + percussive.Channels[c][i], mix.Channels[c][i]);
                }
            }
        }

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "manifest.json")));
        Assert.Equal(excerpts, manifest.RootElement.GetProperty("excerpts").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
    }

    [Fact]
    public void Corpus_OtherSeed_WritesOtherMusic()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Run("corpus", temp.File("a"), "--excerpts", "1", "--seconds", "1").Exit);
        Assert.Equal(0, Run("corpus", temp.File("b"), "--excerpts", "1", "--seconds", "1", "--seed", "2").Exit);

        string excerpt = Path.GetFileName(Directory.GetDirectories(temp.File("a")).Single());
        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(temp.File("a"), excerpt, "mix.wav")),
            File.ReadAllBytes(Path.Combine(temp.File("b"), excerpt, "mix.wav")));
    }

    [Fact]
    public void Corpus_IntoAFolderThatIsNotEmpty_IsRefused_AndChangesNothing()
    {
        using var temp = new TempFolder();
        string folder = temp.File("busy");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "mine");

        (int exit, string stdout, string stderr) = Run("corpus", folder);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "keep.txt")));
    }

    [Theory]
    [InlineData("--excerpts", "0")]
    [InlineData("--seconds", "0.5")]
    [InlineData("--rate", "100")]
    public void Corpus_WithAValueOutOfRange_IsAUsageError(string option, string value)
    {
        using var temp = new TempFolder();

        (int exit, _, string stderr) = Run("corpus", temp.File("c"), option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("c")));
    }

    [Fact]
    public void Eval_RunsOnAWrittenCorpus_AndSeparatesBetterThanTheMixture()
    {
        using var temp = new TempFolder();
        string corpus = temp.File("corpus");
        Assert.Equal(0, Run("corpus", corpus, "--excerpts", "1", "--seconds", "3").Exit);
        string json = temp.File("r.json");

        (int exit, _, string stderr) = Run("eval", corpus, "--iterations", "2", "--method", "paper,mix", "--json", json);

        Assert.True(exit == 0, stderr);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(json));
        double Sdr(string method, string stem) => report.RootElement.GetProperty("means").EnumerateArray()
            .Single(m => m.GetProperty("method").GetString() == method).GetProperty(stem).GetProperty("sdr").GetDouble();
        Assert.True(Sdr("kam", "harmonic") > Sdr("mix", "harmonic") + 2, "separation helps the harmonic stem");
        Assert.True(Sdr("kam", "percussive") > Sdr("mix", "percussive") + 2, "separation helps the percussive stem");
    }

    private static double Rms(float[] samples) => Math.Sqrt(samples.Average(v => (double)v * v));

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
