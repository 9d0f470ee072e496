using KamHp.Cli;
using KamHp.Cli.Audio;
using KamHp.Tests.Support;

namespace KamHp.Tests.Cli.Evaluation;

/// <summary><c>kamhp plot</c>: the spectrogram figure of a WAV file and the figures of eval reports.</summary>
public sealed class PlotCommandTests
{
    private const int SampleRateHz = 44100;

    [Fact]
    public void Plot_OfAWavFile_WritesAPng()
    {
        using var temp = new TempFolder();
        string wav = temp.File("in.wav");
        float[] tones = TestSignals.Tones(SampleRateHz, SampleRateHz, [220, 440]);
        float[] clicks = TestSignals.Clicks(SampleRateHz, 5512, seed: 1);
        WavFile.Write(wav, new AudioClip(SampleRateHz, [TestSignals.Add(tones, clicks), TestSignals.Add(clicks, tones)]), WavEncoding.Float32);
        string png = temp.File("fig.png");

        (int exit, string stdout, string stderr) = Run("plot", wav, "-o", png);

        Assert.True(exit == 0, stderr);
        Assert.Contains("fig.png", stdout, StringComparison.Ordinal);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 20_000, $"{bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.DoesNotContain(temp.FileNames(), f => f.Contains(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Plot_OfAnEvalReport_WritesTheIterationFigure()
    {
        using var temp = new TempFolder();
        string json = temp.File("results.json");
        File.WriteAllText(json, """
            {"metric":"bss_eval_images","corpus":"c","results":[],"means":[
              {"method":"kam","mode":"offline","latencyMode":null,"latencySamples":null,"iterations":1,"spatial":true,"excerpts":1,
               "harmonic":{"sdr":5,"sir":6,"sar":7,"isr":8},"percussive":{"sdr":3,"sir":4,"sar":5,"isr":6},"seconds":1,"realTimeFactor":0.1},
              {"method":"kam","mode":"offline","latencyMode":null,"latencySamples":null,"iterations":2,"spatial":true,"excerpts":1,
               "harmonic":{"sdr":5.5,"sir":6.5,"sar":7,"isr":8},"percussive":{"sdr":3.5,"sir":4,"sar":5,"isr":6},"seconds":1,"realTimeFactor":0.1}]}
            """);

        (int exit, _, string stderr) = Run("plot", json, "-o", temp.File("figures"));

        Assert.True(exit == 0, stderr);
        Assert.True(new FileInfo(Path.Combine(temp.File("figures"), "iterations.png")).Length > 10_000);
        Assert.False(File.Exists(Path.Combine(temp.File("figures"), "latency.png"))); // no streaming results
    }

    [Fact]
    public void Plot_OfStreamingResults_WritesTheLatencyFigure()
    {
        using var temp = new TempFolder();
        string json = temp.File("streaming.json");
        File.WriteAllText(json, """
            {"metric":"bss_eval_images","corpus":"c","results":[],"means":[
              {"method":"kam","mode":"streaming","latencyMode":"live","latencySamples":3072,"iterations":2,"spatial":true,"excerpts":1,
               "harmonic":{"sdr":5,"sir":6,"sar":7,"isr":8},"percussive":{"sdr":3,"sir":4,"sar":5,"isr":6},"seconds":1,"realTimeFactor":0.1},
              {"method":"kam","mode":"streaming","latencyMode":"studio","latencySamples":19456,"iterations":2,"spatial":true,"excerpts":1,
               "harmonic":{"sdr":5.5,"sir":6.5,"sar":7,"isr":8},"percussive":{"sdr":3.5,"sir":4,"sar":5,"isr":6},"seconds":1,"realTimeFactor":0.1}]}
            """);

        (int exit, _, string stderr) = Run("plot", json, "-o", temp.File("figures"));

        Assert.True(exit == 0, stderr);
        Assert.True(new FileInfo(Path.Combine(temp.File("figures"), "latency.png")).Length > 10_000);
        Assert.False(File.Exists(Path.Combine(temp.File("figures"), "iterations.png"))); // no offline results
    }

    [Fact]
    public void Plot_OfAMalformedReport_IsABadInput()
    {
        using var temp = new TempFolder();
        string json = temp.File("results.json");
        File.WriteAllText(json, "{\"metric\": 1}");

        (int exit, _, string stderr) = Run("plot", json);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("results.json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_OfAMissingWav_IsABadInput()
    {
        using var temp = new TempFolder();

        (int exit, _, string stderr) = Run("plot", temp.File("none.wav"), "-o", temp.File("x.png"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(temp.FileNames());
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
