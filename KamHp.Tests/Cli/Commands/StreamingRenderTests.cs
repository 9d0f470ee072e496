using KamHp.Cli;
using KamHp.Cli.Audio;
using KamHp.Cli.Commands;
using KamHp.Cli.Demo;
using KamHp.Dsp;
using KamHp.Dsp.Offline;

namespace KamHp.Tests.Cli.Commands;

public sealed class StreamingRenderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteInput(string name, int channels = 2, int sampleRateHz = 44100, double seconds = 1.5)
    {
        var mix = DemoMixture.Generate(7, sampleRateHz, seconds).Mix;
        var clip = channels == 2 ? mix : new AudioClip(sampleRateHz, [mix.Channels[0]]);
        string path = _folder.File(name);
        WavFile.Write(path, clip, WavEncoding.Float32);
        return path;
    }

    [Theory]
    [InlineData(2, "live")]
    [InlineData(1, "balanced")]
    [InlineData(2, "studio")]
    public void SeparateStreaming_OutputsLineUpWithTheInput_AndSumToIt(int channels, string mode)
    {
        string input = WriteInput("song.wav", channels);
        string outFolder = _folder.File("out");

        var run = CliRunner.Run("separate", input, "-o", outFolder, "--streaming", "--latency-mode", mode);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains($"[streaming {mode}, latency ", run.Output, StringComparison.Ordinal);
        var x = WavFile.Read(input);
        var h = WavFile.Read(Path.Combine(outFolder, "song.harmonic.wav"));
        var p = WavFile.Read(Path.Combine(outFolder, "song.percussive.wav"));
        Assert.Equal(x.FrameCount, h.FrameCount);
        Assert.Equal(channels, h.ChannelCount);
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < x.FrameCount; i++)
            {
                // p = x_delayed - h rounded once: h + p is x to half an ulp of the larger magnitude.
                float tolerance = 1.2e-7f * MathF.Max(MathF.Abs(x.Channels[c][i]), MathF.Abs(h.Channels[c][i]));
                Assert.True(MathF.Abs(h.Channels[c][i] + p.Channels[c][i] - x.Channels[c][i]) <= tolerance, $"channel {c}, sample {i}");
            }
        }

        // Lined up: the harmonic output correlates best with the input at lag 0, not at the latency.
        Assert.True(Correlation(x.Channels[0], h.Channels[0], 0) > Correlation(x.Channels[0], h.Channels[0], 256));
    }

    [Fact]
    public void SeparateStreaming_Output_IsTheSameForAnyBlockSize()
    {
        string input = WriteInput("song.wav", seconds: 1.0);
        string[][] variants = [["--block", "64"], ["--block", "random", "--seed", "5"], ["--block", "4096"], ["--block", "1"]];
        float[][]? first = null;
        foreach (string[] variant in variants)
        {
            string outFolder = _folder.File("out" + string.Join('-', variant));
            var run = CliRunner.Run(["separate", input, "-o", outFolder, "--streaming", "--latency-mode", "balanced", .. variant]);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            float[][] harmonic = WavFile.Read(Path.Combine(outFolder, "song.harmonic.wav")).Channels;
            first ??= harmonic;
            Assert.Equal(first, harmonic);
        }
    }

    [Fact]
    public void SeparateStreaming_StudioWithoutSpatialModel_EqualsTheOfflineSeparator_AwayFromTheEnd()
    {
        string input = WriteInput("song.wav", seconds: 2.0);
        string outFolder = _folder.File("out");

        var run = CliRunner.Run("separate", input, "-o", outFolder, "--streaming", "--method", "paper", "--no-spatial", "--iterations", "1");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var x = WavFile.Read(input);
        var offline = new KamOfflineSeparator(new KamSettings { Iterations = 1, SpatialModel = false }).Separate(x.Channels).Final;
        float[][] streamed = WavFile.Read(Path.Combine(outFolder, "song.harmonic.wav")).Channels;

        // Bit-identical (see KamHpEngineEquivalenceTests) except within (K-1)/2 frames and a window of the end.
        int compare = x.FrameCount - ((8 + 1) * 1024) - 4096;
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(offline.Harmonic[c][..compare], streamed[c][..compare]);
        }
    }

    [Fact]
    public void SeparateStreaming_DefaultHiResInStudio_EqualsOfflineSeparateOfTheSameMethod_AwayFromTheEnd()
    {
        string input = WriteInput("song.wav", seconds: 2.0);
        var streaming = CliRunner.Run("separate", input, "-o", _folder.File("streamed"), "--streaming", "--latency-mode", "studio");
        var offline = CliRunner.Run("separate", input, "-o", _folder.File("offline"));

        Assert.Equal(ExitCodes.Ok, streaming.ExitCode);
        Assert.Equal(ExitCodes.Ok, offline.ExitCode);
        float[][] streamed = WavFile.Read(Path.Combine(_folder.File("streamed"), "song.harmonic.wav")).Channels;
        float[][] reference = WavFile.Read(Path.Combine(_folder.File("offline"), "song.harmonic.wav")).Channels;

        // hires at 44.1 kHz: 8192-point frames, hop 1024, 2 iterations of (17-1)/2 frames of look-ahead.
        int compare = streamed[0].Length - (((2 * 8) + 1) * 1024) - 8192;
        Assert.True(compare > 44100 / 2);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(reference[c][..compare], streamed[c][..compare]);
        }
    }

    [Fact]
    public void Render_RemovesExactlyTheReportedLatency()
    {
        var impulse = new float[20000];
        impulse[5000] = 1f;
        var clip = new AudioClip(44100, [impulse]);
        var settings = new EngineSettings { LatencyMode = LatencyMode.Balanced, SpatialModel = false, MaskSharpness = 0 };
        StreamingResult result = StreamingRender.Render(clip, settings, blockSize: null, seed: 3, progress: null);
        Assert.Equal(KamHpEngine.ComputeLatencySamples(44100, settings), result.LatencySamples);
        Assert.Equal(0.5f, result.Harmonic[0][5000], 1e-5f);   // mask sharpness 0: h = x / 2 through the whole path
        Assert.Equal(0.5f, result.Percussive[0][5000], 1e-5f);
    }

    public static TheoryData<string[]> UsageErrors() => new()
    {
        { ["--latency-mode", "live"] },
        { ["--block", "64"] },
        { ["--seed", "3"] },
        { ["--streaming", "--fft", "2048"] },
        { ["--streaming", "--hop", "512"] },
        { ["--streaming", "--every-iteration"] },
        { ["--streaming", "--iterations", "11"] },
        { ["--streaming", "--latency-mode", "fast"] },
        { ["--streaming", "--block", "0"] },
        { ["--streaming", "--block", "65537"] },
        { ["--streaming", "--block", "some"] },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void SeparateStreaming_UsageError_ExitsWith1_AndWritesNothing(string[] options)
    {
        string input = WriteInput("song.wav", seconds: 0.5);
        string[] before = _folder.FileNames();

        var run = CliRunner.Run(["separate", input, "-o", _folder.File("out"), .. options]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.StartsWith("kamhp: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(before, _folder.FileNames());
    }

    [Fact]
    public void SeparateHelp_ListsTheStreamingOptions()
    {
        var run = CliRunner.Run("separate", "--help");
        foreach (string option in new[] { "--streaming", "--latency-mode", "--block", "--seed" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    private static double Correlation(float[] a, float[] b, int lag)
    {
        double sum = 0;
        for (int i = 0; i + lag < a.Length; i++)
        {
            sum += a[i] * (double)b[i + lag];
        }

        return sum;
    }
}
