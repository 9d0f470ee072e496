using KamHp.Cli;
using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Audio;

/// <summary>Issue 14, item 3: <c>--downmix</c> averages inputs of more channels to stereo or mono.</summary>
public sealed class DownmixTests : IDisposable
{
    private const int Rate = 44100;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Stereo_AveragesOddChannelsLeft_AndEvenChannelsRight()
    {
        float[][] six = [.. Enumerable.Range(1, 6).Select(c => new[] { c * 1f, c * -0.5f })];
        AudioClip mixed = Downmix.Apply(new AudioClip(Rate, six), DownmixTarget.Stereo);
        Assert.Equal(2, mixed.ChannelCount);
        Assert.Equal([(1f + 3f + 5f) / 3f, (-0.5f - 1.5f - 2.5f) / 3f], mixed.Channels[0], new ToleranceComparer(1e-6f));
        Assert.Equal([(2f + 4f + 6f) / 3f, (-1f - 2f - 3f) / 3f], mixed.Channels[1], new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void Mono_AveragesEveryChannel_AndStereoStaysStereoUnderStereo()
    {
        var stereo = new AudioClip(Rate, [[1f, 0.5f], [0f, -0.5f]]);
        Assert.Same(stereo, Downmix.Apply(stereo, DownmixTarget.Stereo));
        AudioClip mono = Downmix.Apply(stereo, DownmixTarget.Mono);
        Assert.Equal([[0.5f, 0f]], mono.Channels);
    }

    [Fact]
    public void Separate_ThreeChannels_WithDownmixStereo_EqualsSeparatingTheAveragedStereoFile()
    {
        float[][] three = [.. Enumerable.Range(0, 3).Select(c => Signal(c))];
        string input = _folder.File("three.wav");
        string[] monos = [.. Enumerable.Range(0, 3).Select(c => _folder.File($"c{c}.wav"))];
        for (int c = 0; c < 3; c++)
        {
            WavFile.Write(monos[c], new AudioClip(Rate, [three[c]]), WavEncoding.Float32);
        }

        KamhpProcess.Tool(
            "ffmpeg", "-v", "error", "-i", monos[0], "-i", monos[1], "-i", monos[2], "-filter_complex", "[0:a][1:a][2:a]amerge=inputs=3",
            "-c:a", "pcm_f32le", input);
        float[] left = [.. three[0].Zip(three[2], (a, b) => (a + b) * 0.5f)];
        string expectedInput = _folder.File("averaged.wav");
        WavFile.Write(expectedInput, new AudioClip(Rate, [left, three[1]]), WavEncoding.Float32);

        CliRun run = CliRunner.Run("separate", input, "--downmix", "stereo", "-o", _folder.File("a"), "--quiet");
        CliRun expected = CliRunner.Run("separate", expectedInput, "-o", _folder.File("b"), "--quiet");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(ExitCodes.Ok, expected.ExitCode);
        AudioClip actual = WavFile.Read(_folder.File("a/three.harmonic.wav"));
        Assert.Equal(2, actual.ChannelCount);
        Assert.Equal(WavFile.Read(_folder.File("b/averaged.harmonic.wav")).Channels, actual.Channels);
        Assert.Equal(WavFile.Read(_folder.File("b/averaged.percussive.wav")).Channels, WavFile.Read(_folder.File("a/three.percussive.wav")).Channels);
    }

    [Fact]
    public void Separate_StereoWithDownmixMono_WritesMonoOutputs_AndAnUnknownTargetIsAUsageError()
    {
        string input = _folder.File("stereo.wav");
        WavFile.Write(input, new AudioClip(Rate, [Signal(0), Signal(1)]), WavEncoding.Float32);

        CliRun run = CliRunner.Run("separate", input, "--downmix", "mono", "-o", _folder.File("m"), "--quiet");
        CliRun wrong = CliRunner.Run("separate", input, "--downmix", "quad", "-o", _folder.File("q"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(1, WavFile.Read(_folder.File("m/stereo.harmonic.wav")).ChannelCount);
        Assert.Equal(ExitCodes.Usage, wrong.ExitCode);
        Assert.Contains(wrong.ErrorLines, line => line.Contains("--downmix quad: must be stereo or mono", StringComparison.Ordinal));
        Assert.False(Directory.Exists(_folder.File("q")));
    }

    private static float[] Signal(int channel)
    {
        var random = new Random(channel + 1);
        return [.. Enumerable.Range(0, Rate / 2).Select(i =>
            (float)((0.3 * Math.Sin(2 * Math.PI * (220 + (97 * channel)) * i / Rate)) + (i % 5000 < 100 ? 0.3 * (random.NextDouble() - 0.5) : 0)))];
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
