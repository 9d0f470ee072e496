using System.Text.Json;
using KamHp.Cli;
using KamHp.Cli.Audio;
using KamHp.Cli.Evaluation;
using KamHp.Evaluation;
using KamHp.Tests.Support;

namespace KamHp.Tests.Cli.Evaluation;

/// <summary><c>kamhp eval</c> end to end on a tiny generated corpus (tones + clicks, 1.5 s per excerpt).</summary>
public sealed class EvalCommandTests
{
    private const int SampleRateHz = 44100;
    private const int Length = 3 * SampleRateHz / 2;

    private static readonly string[] s_settingFields = ["method", "mode", "latencyMode", "latencySamples", "iterations", "spatial", "parameters"];
    private static readonly string[] s_metricFields = ["sdr", "sir", "sar", "isr"];

    [Fact]
    public void Eval_OnATinyCorpus_WritesJsonWithEveryField_OutputsAndPlots()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "a_first", "b_second");
        string json = temp.File("results.json");
        string outputs = temp.File("outputs");
        string plots = temp.File("plots");

        (int exit, string stdout, string stderr) = Run(
            "eval", corpus, "--iterations", "1,2", "--spatial", "both", "--method", "kam,nwaves,mix",
            "--json", json, "--save-outputs", outputs, "--plot", plots);

        Assert.True(exit == 0, stderr);
        Assert.Contains("a_first", stdout, StringComparison.Ordinal);
        Assert.Contains("Means over excerpts", stdout, StringComparison.Ordinal);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = document.RootElement;
        Assert.StartsWith("bss_eval_images", root.GetProperty("metric").GetString(), StringComparison.Ordinal);
        Assert.Equal(corpus, root.GetProperty("corpus").GetString());

        // 2 excerpts x (2 iteration counts x 2 spatial settings + NWaves + the mixture anchor).
        JsonElement[] results = [.. root.GetProperty("results").EnumerateArray()];
        Assert.Equal(12, results.Length);
        foreach (JsonElement r in results)
        {
            Assert.Contains(r.GetProperty("excerpt").GetString(), new[] { "a_first", "b_second" });
            AssertSettingFields(r);
            AssertMetrics(r.GetProperty("harmonic"), stereo: true);
            AssertMetrics(r.GetProperty("percussive"), stereo: true);
            Assert.True(r.GetProperty("seconds").GetDouble() >= 0);
            Assert.True(r.GetProperty("realTimeFactor").GetDouble() >= 0);
        }

        Assert.Equal(["kam", "mix", "nwaves"], results.Select(r => r.GetProperty("method").GetString()).Distinct().Order());
        Assert.All(results, r => Assert.Equal("offline", r.GetProperty("mode").GetString()));
        Assert.All(results, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("latencyMode").ValueKind));

        JsonElement[] means = [.. root.GetProperty("means").EnumerateArray()];
        Assert.Equal(6, means.Length);
        foreach (JsonElement m in means)
        {
            AssertSettingFields(m);
            Assert.Equal(2, m.GetProperty("excerpts").GetInt32());
            AssertMetrics(m.GetProperty("harmonic"), stereo: true);
            AssertMetrics(m.GetProperty("percussive"), stereo: true);
            Assert.True(m.GetProperty("seconds").GetDouble() >= 0);
            Assert.True(m.GetProperty("realTimeFactor").GetDouble() >= 0);
        }

        // The saved files are the scored outputs: scoring them again gives the JSON's figures (rounded to 1e-4 dB),
        // KAM's stems add up to the mix, and the layout is DIR/<setting>/<excerpt>/{harmonic,percussive}.wav.
        JsonElement kam2 = results.Single(r => r.GetProperty("excerpt").GetString() == "b_second"
            && r.GetProperty("method").GetString() == "kam" && r.GetProperty("iterations").GetInt32() == 2 && r.GetProperty("spatial").GetBoolean());
        string folder = Path.Combine(outputs, "kam-offline-spatial-it2", "b_second");
        AudioClip harmonic = WavFile.Read(Path.Combine(folder, "harmonic.wav"));
        AudioClip percussive = WavFile.Read(Path.Combine(folder, "percussive.wav"));
        AudioClip mix = WavFile.Read(Path.Combine(corpus, "b_second", "mix.wav"));
        var eval = new BssEval([
            WavFile.Read(Path.Combine(corpus, "b_second", "harmonic.wav")).Channels,
            WavFile.Read(Path.Combine(corpus, "b_second", "percussive.wav")).Channels]);
        BssEvalMetrics h = eval.EvaluateImage(0, harmonic.Channels);
        BssEvalMetrics p = eval.EvaluateImage(1, percussive.Channels);
        Assert.Equal(h.SdrDb, kam2.GetProperty("harmonic").GetProperty("sdr").GetDouble(), 1e-3);
        Assert.Equal(h.IsrDb, kam2.GetProperty("harmonic").GetProperty("isr").GetDouble(), 1e-3);
        Assert.Equal(p.SirDb, kam2.GetProperty("percussive").GetProperty("sir").GetDouble(), 1e-3);
        Assert.Equal(p.SarDb, kam2.GetProperty("percussive").GetProperty("sar").GetDouble(), 1e-3);
        for (int c = 0; c < 2; c++)
        {
            // float32 outputs of a float separator: the sum is the mix to within float rounding.
            Assert.True(TestSignals.RelativeMaxError(mix.Channels[c], TestSignals.Add(harmonic.Channels[c], percussive.Channels[c])) < 1e-5);
        }

        // Easy material: the separated stems are far closer to the truth than the unseparated mix (the "mix" anchor).
        JsonElement anchor = results.Single(r => r.GetProperty("excerpt").GetString() == "b_second" && r.GetProperty("method").GetString() == "mix");
        BssEvalMetrics mixAsHarmonic = eval.EvaluateImage(0, mix.Channels);
        Assert.Equal(mixAsHarmonic.SdrDb, anchor.GetProperty("harmonic").GetProperty("sdr").GetDouble(), 1e-3);
        Assert.True(h.SdrDb > mixAsHarmonic.SdrDb + 3, $"harmonic SDR {h.SdrDb:F2} dB vs mix {mixAsHarmonic.SdrDb:F2} dB");

        Assert.True(File.Exists(Path.Combine(outputs, "nwaves", "a_first", "percussive.wav")));
        Assert.True(File.Exists(Path.Combine(outputs, "mix", "a_first", "harmonic.wav")));
        Assert.True(new FileInfo(Path.Combine(plots, "iterations.png")).Length > 10_000);
    }

    [Fact]
    public void Eval_Streaming_IsAlignedByTheReportedLatency_AndStudioWithoutSpatialModelMatchesOffline()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "stream");
        string json = temp.File("streaming.json");

        (int exit, string stdout, string stderr) = Run(
            "eval", corpus, "--mode", "offline,streaming", "--latency-mode", "live,studio", "--iterations", "2", "--no-spatial", "--json", json);

        Assert.True(exit == 0, stderr);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] results = [.. document.RootElement.GetProperty("results").EnumerateArray()];
        Assert.Equal(3, results.Length);
        JsonElement offline = results.Single(r => r.GetProperty("mode").GetString() == "offline");
        Assert.Equal(JsonValueKind.Null, offline.GetProperty("latencySamples").ValueKind);
        foreach (string mode in new[] { "live", "studio" })
        {
            JsonElement r = results.Single(r => r.GetProperty("latencyMode").GetString() == mode);
            Assert.Equal("streaming", r.GetProperty("mode").GetString());
            var settings = new KamHp.Dsp.EngineSettings
            {
                Iterations = 2,
                SpatialModel = false,
                LatencyMode = mode == "live" ? KamHp.Dsp.LatencyMode.Live : KamHp.Dsp.LatencyMode.Studio,
            };
            Assert.Equal(KamHp.Dsp.KamHpEngine.ComputeLatencySamples(SampleRateHz, settings), r.GetProperty("latencySamples").GetInt32());
            AssertMetrics(r.GetProperty("harmonic"), stereo: true);
            AssertMetrics(r.GetProperty("percussive"), stereo: true);
        }

        // Studio without the spatial model is the paper's algorithm in streaming form and equals the offline output away
        // from the first and last frames, so the figures agree closely; aligned one sample off, the harmonic SDR here
        // drops by more than 5 dB (checked by shifting the alignment).
        JsonElement studio = results.Single(r => r.GetProperty("latencyMode").GetString() == "studio");
        foreach (string stem in new[] { "harmonic", "percussive" })
        {
            foreach (string metric in new[] { "sdr", "sir", "sar" })
            {
                Assert.Equal(
                    offline.GetProperty(stem).GetProperty(metric).GetDouble(),
                    studio.GetProperty(stem).GetProperty(metric).GetDouble(),
                    0.05);
            }
        }

        Assert.Contains("streaming studio nosp it2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_HiResStreaming_RunsTheEngineWithTheHiResFrames_AndStudioMatchesOfflineHiRes()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "stream");
        string json = temp.File("hires.json");

        (int exit, string stdout, string stderr) = Run(
            "eval", corpus, "--method", "hires", "--mode", "offline,streaming", "--latency-mode", "studio", "--iterations", "2", "--json", json);

        Assert.True(exit == 0, stderr);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] results = [.. document.RootElement.GetProperty("results").EnumerateArray()];
        Assert.Equal(2, results.Length);
        Assert.All(results, r => Assert.Equal("hires", r.GetProperty("method").GetString()));
        JsonElement offline = results.Single(r => r.GetProperty("mode").GetString() == "offline");
        JsonElement studio = results.Single(r => r.GetProperty("mode").GetString() == "streaming");
        var settings = new KamHp.Dsp.EngineSettings { Method = KamHp.Dsp.Separation.Methods.SeparationMethod.HiRes, Iterations = 2 };
        Assert.Equal(KamHp.Dsp.KamHpEngine.ComputeLatencySamples(SampleRateHz, settings), studio.GetProperty("latencySamples").GetInt32());
        foreach (string stem in new[] { "harmonic", "percussive" })
        {
            foreach (string metric in new[] { "sdr", "sir", "sar" })
            {
                Assert.Equal(offline.GetProperty(stem).GetProperty(metric).GetDouble(), studio.GetProperty(stem).GetProperty(metric).GetDouble(), 0.05);
            }
        }

        Assert.Contains("hires streaming studio nosp it2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_OnAMonoCorpus_UsesTheSourcesVariant_WithNullIsr()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 1, "mono");
        string json = temp.File("mono.json");

        (int exit, _, string stderr) = Run("eval", corpus, "--iterations", "2", "--json", json);

        Assert.True(exit == 0, stderr);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.StartsWith("bss_eval_sources", document.RootElement.GetProperty("metric").GetString(), StringComparison.Ordinal);
        JsonElement result = document.RootElement.GetProperty("results")[0];
        AssertMetrics(result.GetProperty("harmonic"), stereo: false);
        AssertMetrics(result.GetProperty("percussive"), stereo: false);
    }

    [Fact]
    public void Eval_WithAMissingStem_FailsWithOneLineAndWritesNothing()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "good", "broken");
        File.Delete(Path.Combine(corpus, "broken", "percussive.wav"));
        string json = temp.File("results.json");

        (int exit, string stdout, string stderr) = Run("eval", corpus, "--json", json, "--save-outputs", temp.File("out"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("percussive.wav", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.False(File.Exists(json));
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Eval_WithStemsOfAnotherLength_FailsBeforeComputingAnything()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "short");
        WavFile.Write(Path.Combine(corpus, "short", "harmonic.wav"), new AudioClip(SampleRateHz, [new float[100], new float[100]]), WavEncoding.Float32);

        (int exit, _, string stderr) = Run("eval", corpus);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("harmonic.wav: 100 samples", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--iterations", "0")]
    [InlineData("--iterations", "3-1")]
    [InlineData("--iterations", "two")]
    [InlineData("--mode", "realtime")]
    [InlineData("--method", "librosa")]
    [InlineData("--latency-mode", "studio")]
    [InlineData("--spatial", "maybe")]
    [InlineData("--iterations", "12", "--mode", "streaming")]
    [InlineData("--fft", "4096,abc")]
    [InlineData("--fft", "1000")]
    [InlineData("--fft", "4096", "--mode", "streaming")]
    [InlineData("--fft", "4096", "--mode", "streaming", "--method", "hires")]
    [InlineData("--method", "cascade", "--mode", "streaming")]
    [InlineData("--harmonic-margin", "2")]
    [InlineData("--percussive-hz", "100", "--percussive-bins", "9")]
    [InlineData("--jobs", "0")]
    public void Eval_WithABadOption_IsAUsageError(string option, string value, params string[] more)
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "x");

        (int exit, _, string stderr) = Run(["eval", corpus, option, value, .. more]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OfflineJob_Output_EqualsTheSeparatorRunWithTheSameSettings()
    {
        float[][] mix = Mixture(2, seed: 3).Mix;
        var clip = new AudioClip(SampleRateHz, mix);

        foreach (int iterations in new[] { 1, 3 })
        {
            StemSeparation output = new OfflineKamJob(new EvalSetting(EvalMethod.Paper, EvalMode.Offline, null, iterations, true)).Separate(clip);

            var alone = new KamHp.Dsp.Offline.KamOfflineSeparator(EvalDefaults.Kam(SampleRateHz, iterations, spatial: true)).Separate(mix).Final;
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(alone.Harmonic[c], output.Harmonic[c]);
                Assert.Equal(alone.Percussive[c], output.Percussive[c]);
            }

            Assert.True(output.Seconds > 0);
        }
    }

    [Fact]
    public void Eval_TimesEachIterationCountOnItsOwn_TenIterationsTakeLongerThanOne()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "a_timing", "b_timing");
        string json = temp.File("timing.json");

        (int exit, _, string stderr) = Run("eval", corpus, "--iterations", "1,10", "--json", json, "--jobs", "1");

        Assert.True(exit == 0, stderr);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] results = [.. document.RootElement.GetProperty("results").EnumerateArray()];
        foreach (string excerpt in new[] { "a_timing", "b_timing" })
        {
            double Seconds(int iterations) => results
                .Single(r => r.GetProperty("excerpt").GetString() == excerpt && r.GetProperty("iterations").GetInt32() == iterations)
                .GetProperty("seconds").GetDouble();

            // Ten rounds of medians and Wiener filters against one, measured in the same run: a comparison of
            // durations, not a threshold. Before each setting was timed on its own, both showed the whole run's time.
            Assert.True(Seconds(10) > Seconds(1), $"{excerpt}: 10 iterations {Seconds(10)} s, 1 iteration {Seconds(1)} s");
        }
    }

    [Fact]
    public void Eval_WithAGridOfOptions_ScoresEveryCombination_AndNamesItsParameters()
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "grid");
        string json = temp.File("grid.json");

        (int exit, string stdout, string stderr) = Run(
            "eval", corpus, "--iterations", "1", "--no-spatial", "--fft", "2048,4096", "--percussive-hz", "100,183", "--json", json);

        Assert.True(exit == 0, stderr);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] means = [.. document.RootElement.GetProperty("means").EnumerateArray()];
        Assert.Equal(4, means.Length);
        string[] points = [.. means.Select(m => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{m.GetProperty("parameters").GetProperty("fft").GetInt32()}/{m.GetProperty("parameters").GetProperty("percussive-hz").GetDouble()}"))];
        Assert.Equal(["2048/100", "2048/183", "4096/100", "4096/183"], points.Order());

        // Different settings separate differently: no two grid points score the same.
        Assert.Equal(4, means.Select(m => m.GetProperty("harmonic").GetProperty("sdr").GetDouble()).Distinct().Count());
        Assert.Contains("fft 2048 percussive-hz 100", stdout, StringComparison.Ordinal);
        Assert.Contains("[1/1] grid", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("paper")]
    [InlineData("hires")]
    public void Eval_GridOption_MatchesTheSameOptionOfSeparate(string method)
    {
        using var temp = new TempFolder();
        string corpus = WriteCorpus(temp.Path, channels: 2, "same");
        string outputs = temp.File("outputs");

        (int exit, _, string stderr) = Run(
            "eval", corpus, "--method", method, "--iterations", "2", "--fft", "2048", "--harmonic-seconds", "0.3", "--percussive-bins", "9", "--save-outputs", outputs);
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = Run(
            "separate", Path.Combine(corpus, "same", "mix.wav"), "-o", temp.File("separated"), "--method", method, "--iterations", "2", "--fft", "2048",
            "--harmonic-seconds", "0.3", "--percussive-bins", "9");
        Assert.True(exit == 0, stderr);

        string setting = Directory.GetDirectories(outputs).Single();
        AudioClip fromEval = WavFile.Read(Path.Combine(setting, "same", "harmonic.wav"));
        AudioClip fromSeparate = WavFile.Read(Path.Combine(temp.File("separated"), "mix.harmonic.wav"));
        Assert.Equal(fromSeparate.Channels[0], fromEval.Channels[0]);
        Assert.Equal(fromSeparate.Channels[1], fromEval.Channels[1]);
    }

    private static void AssertSettingFields(JsonElement e)
    {
        foreach (string field in s_settingFields)
        {
            Assert.True(e.TryGetProperty(field, out _), $"missing '{field}'");
        }
    }

    private static void AssertMetrics(JsonElement e, bool stereo)
    {
        foreach (string field in s_metricFields)
        {
            Assert.True(e.TryGetProperty(field, out JsonElement value), $"missing '{field}'");
            if (field == "isr" && !stereo)
            {
                Assert.Equal(JsonValueKind.Null, value.ValueKind);
            }
            else
            {
                Assert.Equal(JsonValueKind.Number, value.ValueKind);
            }
        }
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string WriteCorpus(string root, int channels, params string[] excerpts)
    {
        string corpus = Path.Combine(root, "corpus");
        for (int e = 0; e < excerpts.Length; e++)
        {
            string folder = Path.Combine(corpus, excerpts[e]);
            Directory.CreateDirectory(folder);
            (float[][] mix, float[][] harmonic, float[][] percussive) = Mixture(channels, seed: 10 + e);
            WavFile.Write(Path.Combine(folder, "mix.wav"), new AudioClip(SampleRateHz, mix), WavEncoding.Float32);
            WavFile.Write(Path.Combine(folder, "harmonic.wav"), new AudioClip(SampleRateHz, harmonic), WavEncoding.Float32);
            WavFile.Write(Path.Combine(folder, "percussive.wav"), new AudioClip(SampleRateHz, percussive), WavEncoding.Float32);
        }

        return corpus;
    }

    /// <summary>Steady tones (panned differently per channel) plus noise bursts; mix = harmonic + percussive.</summary>
    private static (float[][] Mix, float[][] Harmonic, float[][] Percussive) Mixture(int channels, int seed)
    {
        var mix = new float[channels][];
        var harmonic = new float[channels][];
        var percussive = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            harmonic[c] = TestSignals.Tones(Length, SampleRateHz, c == 0 ? [220, 277.18, 329.63] : [220, 329.63, 440], amplitude: c == 0 ? 0.2f : 0.12f);
            percussive[c] = TestSignals.Clicks(Length, 5512, seed + (100 * c), amplitude: 0.5f);
            mix[c] = TestSignals.Add(harmonic[c], percussive[c]);
        }

        return (mix, harmonic, percussive);
    }
}
