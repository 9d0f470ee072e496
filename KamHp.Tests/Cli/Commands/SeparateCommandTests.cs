using KamHp.Cli;
using KamHp.Cli.Audio;
using KamHp.Cli.Demo;
using KamHp.Dsp.Offline;
using KamHp.Tests.Cli.Audio;

namespace KamHp.Tests.Cli.Commands;

public sealed class SeparateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A short stereo or mono excerpt of the demo mixture, written as a WAV file in the temp folder.</summary>
    private string WriteInput(string name, int channels = 2, int sampleRateHz = 22050, double seconds = 1.0, WavEncoding encoding = WavEncoding.Pcm16, int seed = 7)
    {
        var mix = DemoMixture.Generate(seed, sampleRateHz, seconds).Mix;
        var clip = channels == 2 ? mix : new AudioClip(sampleRateHz, [mix.Channels[0]]);
        string path = _folder.File(name);
        WavFile.Write(path, clip, encoding);
        return path;
    }

    [Theory]
    [InlineData(2, 22050)]
    [InlineData(1, 22050)]
    [InlineData(2, 48000)]
    [InlineData(1, 8000)]
    public void Separate_WritesBothOutputs_AtTheInputsRateChannelsAndLength_SummingToTheInput(int channels, int sampleRateHz)
    {
        string input = WriteInput("song.wav", channels, sampleRateHz);
        string outFolder = _folder.File("out");

        var run = CliRunner.Run("separate", input, "-o", outFolder);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        string summary = Assert.Single(run.OutputLines);
        Assert.Contains("real time", summary, StringComparison.Ordinal);
        Assert.Equal(["out/song.harmonic.wav", "out/song.percussive.wav", "song.wav"], _folder.FileNames());

        var x = WavFile.Read(input);
        var h = WavFile.Read(Path.Combine(outFolder, "song.harmonic.wav"));
        var p = WavFile.Read(Path.Combine(outFolder, "song.percussive.wav"));
        foreach (var output in new[] { h, p })
        {
            Assert.Equal(sampleRateHz, output.SampleRateHz);
            Assert.Equal(channels, output.ChannelCount);
            Assert.Equal(x.FrameCount, output.FrameCount);
        }

        Assert.Equal(WavEncoding.Float32, WavFile.ReadFormat(Path.Combine(outFolder, "song.harmonic.wav")).Encoding);

        // P is x - H rounded to float, so H + P (summed here in double) misses x by at most half an ulp of the
        // larger of |x - H|, |x|, |H|: 6e-8 relative to the peak. The tolerance allows 2e-7 of the peak.
        double tolerance = 2e-7 * Math.Max(Peak(h.Channels), Peak(x.Channels));
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < x.FrameCount; i++)
            {
                Assert.True(
                    Math.Abs((double)h.Channels[c][i] + p.Channels[c][i] - x.Channels[c][i]) <= tolerance,
                    $"channel {c}, sample {i}: {h.Channels[c][i]} + {p.Channels[c][i]} != {x.Channels[c][i]}");
            }
        }

        // Not a trivial split: each output holds a real part of the input.
        Assert.True(Peak(p.Channels) > 0.01f && Peak(h.Channels) > 0.01f);
    }

    [Fact]
    public void Separate_MethodPaper_HasThePapersDefaults_At44100Hz()
    {
        string input = WriteInput("song.wav", sampleRateHz: 44100, seconds: 0.5);

        var run = CliRunner.Run("separate", input, "--method", "paper");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("(FFT 4096/1024, kernels 17 frames x 17 bins, 2 iterations, spatial model on)", run.Output, StringComparison.Ordinal);
        Assert.Contains("0.5 s stereo 44100 Hz", run.Output, StringComparison.Ordinal);
        // Default output folder: the input's.
        Assert.True(File.Exists(_folder.File("song.harmonic.wav")));
        Assert.True(File.Exists(_folder.File("song.percussive.wav")));
    }

    [Fact]
    public void Separate_DefaultMethodIsHiRes_At44100Hz_AndEqualsTheOfflineSeparatorWithItsSettings()
    {
        // hires: 186 ms frames (8192) at the paper's hop (1024), 0.395 s -> 17 frames, 100 Hz x 8192 / 44100 = 18.6 -> 19 bins.
        string input = WriteInput("song.wav", sampleRateHz: 44100, seconds: 0.5);
        string outFolder = _folder.File("out");

        var run = CliRunner.Run("separate", input, "-o", outFolder);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("(hires: FFT 8192/1024, kernels 17 frames x 19 bins, 2 iterations, spatial model off)", run.Output, StringComparison.Ordinal);
        var settings = new KamSettings { FftSize = 8192, HopSize = 1024, HarmonicKernelFrames = 17, PercussiveKernelBins = 19, Iterations = 2, SpatialModel = false };
        var expected = new KamOfflineSeparator(settings).Separate(WavFile.Read(input).Channels).Final;
        Assert.Equal(expected.Harmonic, WavFile.Read(Path.Combine(outFolder, "song.harmonic.wav")).Channels);
        Assert.Equal(expected.Percussive, WavFile.Read(Path.Combine(outFolder, "song.percussive.wav")).Channels);
    }

    [Fact]
    public void Separate_StreamingDefaultsToHiRes_AndMethodPaperStreamsThePapersFrames()
    {
        // At 22050 Hz the paper's frames are 2048/512; hires doubles the frame at the same hop.
        string input = WriteInput("song.wav");

        var hires = CliRunner.Run("separate", input, "-o", _folder.File("a"), "--streaming");
        var explicitHires = CliRunner.Run("separate", input, "-o", _folder.File("b"), "--streaming", "--method", "hires");
        var paper = CliRunner.Run("separate", input, "-o", _folder.File("c"), "--streaming", "--method", "paper", "--no-spatial", "--iterations", "1");

        Assert.Equal(ExitCodes.Ok, hires.ExitCode);
        Assert.Contains("(hires: FFT 4096/512, kernels 17 frames x 19 bins, 2 iterations, spatial model off)", hires.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, explicitHires.ExitCode);
        Assert.Equal(
            WavFile.Read(Path.Combine(_folder.File("a"), "song.harmonic.wav")).Channels,
            WavFile.Read(Path.Combine(_folder.File("b"), "song.harmonic.wav")).Channels);
        Assert.Equal(ExitCodes.Ok, paper.ExitCode);
        Assert.Contains("(FFT 2048/512,", paper.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Separate_StreamingInstant_SummaryStatesInstantsOwnGeometry_AndItsLatencyInSamplesAndMilliseconds()
    {
        string input = WriteInput("song.wav", sampleRateHz: 44100, seconds: 0.5);

        var run = CliRunner.Run("separate", input, "-o", _folder.File("out"), "--streaming", "--latency-mode", "instant");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(
            "(instant: estimation FFT 8192 every 512, synthesis FFT 512/256, harmonic 2 frames past (23 ms), percussive 19 bins (102 Hz) then 9 bins, 2 iterations, no spatial model)",
            run.Output,
            StringComparison.Ordinal);
        Assert.Contains("[streaming instant, latency 527 samples (11.95 ms) removed, blocks of 512]", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FFT 4096/1024", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--fft", "1024", "--hop", "128", "--harmonic-seconds", "0.2", "--percussive-hz", "300", "--iterations", "3", "--no-spatial" }, "FFT 1024/128, kernels 35 frames x 13 bins, 3 iterations, spatial model off")]
    [InlineData(new[] { "--fft", "2048", "--harmonic-frames", "9", "--percussive-bins", "31", "--iterations", "1" }, "FFT 2048/512, kernels 9 frames x 31 bins, 1 iteration, spatial model on")]
    [InlineData(new[] { "--hop", "256" }, "FFT 2048/256, kernels 35 frames x 17 bins, 2 iterations, spatial model on")]
    public void Separate_Output_EqualsTheOfflineSeparator_WithTheResolvedSettings(string[] options, string expectedSetup)
    {
        // At 22050 Hz the default FFT is 2048 (the paper's 93 ms); 0.2 s x 22050 / 128 = 34.5 -> 35 frames; 300 Hz x 1024 / 22050 = 13.9 -> 13 bins.
        // Defaults away from the paper's 4096/1024 frames keep its physical kernels: 0.395 s x 22050 / 256 = 34.0 -> 35 frames,
        // 183 Hz x 2048 / 22050 = 17.0 -> 17 bins.
        string input = WriteInput("song.wav");
        string outFolder = _folder.File("out");

        var run = CliRunner.Run(["separate", input, "-o", outFolder, "--method", "paper", .. options]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"({expectedSetup})", run.Output, StringComparison.Ordinal);

        var settings = Parse(expectedSetup);
        var expected = new KamOfflineSeparator(settings).Separate(WavFile.Read(input).Channels).Final;
        Assert.Equal(expected.Harmonic, WavFile.Read(Path.Combine(outFolder, "song.harmonic.wav")).Channels);
        Assert.Equal(expected.Percussive, WavFile.Read(Path.Combine(outFolder, "song.percussive.wav")).Channels);
    }

    /// <summary>Reads back the settings from the summary's own words, so the test states them once.</summary>
    private static KamSettings Parse(string setup)
    {
        string[] words = setup.Replace(",", string.Empty, StringComparison.Ordinal).Replace("/", " ", StringComparison.Ordinal).Split(' ');
        return new KamSettings
        {
            FftSize = int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture),
            HopSize = int.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture),
            HarmonicKernelFrames = int.Parse(words[4], System.Globalization.CultureInfo.InvariantCulture),
            PercussiveKernelBins = int.Parse(words[7], System.Globalization.CultureInfo.InvariantCulture),
            Iterations = int.Parse(words[9], System.Globalization.CultureInfo.InvariantCulture),
            SpatialModel = words[^1] == "on",
        };
    }

    [Theory]
    [InlineData("16", WavEncoding.Pcm16, 16)]
    [InlineData("24", WavEncoding.Pcm24, 24)]
    public void Separate_Bits_WritesPcm_RoundedFromTheFloatResult(string bits, WavEncoding encoding, int bitCount)
    {
        string input = WriteInput("song.wav");
        string outFolder = _folder.File("out");

        var run = CliRunner.Run("separate", input, "-o", outFolder, "--bits", bits, "--method", "paper");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        string harmonicPath = Path.Combine(outFolder, "song.harmonic.wav");
        Assert.Equal(encoding, WavFile.ReadFormat(harmonicPath).Encoding);
        var expected = new KamOfflineSeparator(new KamSettings { FftSize = 2048, HopSize = 512 }).Separate(WavFile.Read(input).Channels).Final;
        var written = WavFile.Read(harmonicPath);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(expected.Harmonic[c].Select(v => WavFile.QuantizeToPcm(v, bitCount)), written.Channels[c]);
        }
    }

    [Fact]
    public void Separate_EveryIteration_WritesEachIteration_AndTheLastEqualsTheFinal()
    {
        string input = WriteInput("song.wav");
        string outFolder = _folder.File("out");

        var run = CliRunner.Run("separate", input, "-o", outFolder, "--iterations", "3", "--every-iteration");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("8 files to", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            [
                "out/song.harmonic.wav", "out/song.iter01.harmonic.wav", "out/song.iter01.percussive.wav", "out/song.iter02.harmonic.wav",
                "out/song.iter02.percussive.wav", "out/song.iter03.harmonic.wav", "out/song.iter03.percussive.wav", "out/song.percussive.wav", "song.wav",
            ],
            _folder.FileNames());
        byte[] final = File.ReadAllBytes(Path.Combine(outFolder, "song.harmonic.wav"));
        Assert.Equal(final, File.ReadAllBytes(Path.Combine(outFolder, "song.iter03.harmonic.wav")));
        Assert.NotEqual(final, File.ReadAllBytes(Path.Combine(outFolder, "song.iter01.harmonic.wav")));
    }

    [Fact]
    public void Separate_CreatesAMissingOutputFolder()
    {
        string input = WriteInput("song.wav");

        var run = CliRunner.Run("separate", input, "-o", _folder.File("a/b/c"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(File.Exists(_folder.File("a/b/c/song.percussive.wav")));
    }

    public static TheoryData<string[]> UsageErrors() => new()
    {
        { [] },
        { ["--bogus"] },
        { ["--iterations", "0"] },
        { ["--iterations", "21"] },
        { ["--iterations", "abc"] },
        { ["--fft", "1000"] },
        { ["--fft", "256"] },
        { ["--fft", "32768"] },
        { ["--fft", "4096", "--hop", "100"] },
        { ["--fft", "4096", "--hop", "4096"] },
        { ["--hop", "300"] },                                   // checked against the default FFT once the rate is known
        { ["--harmonic-frames", "4"] },
        { ["--harmonic-frames", "65"] },
        { ["--percussive-bins", "1"] },
        { ["--harmonic-seconds", "-1"] },
        { ["--harmonic-seconds", "NaN"] },
        { ["--percussive-hz", "0"] },
        { ["--harmonic-seconds", "30"] },                       // more than 63 frames
        { ["--percussive-hz", "5"] },                            // fewer than 3 bins
        { ["--harmonic-frames", "17", "--harmonic-seconds", "0.4"] },
        { ["--percussive-bins", "17", "--percussive-hz", "183"] },
        { ["--bits", "8"] },
        { ["--bits", "32"] },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Separate_UsageError_ExitsWith1_AndWritesNothing(string[] options)
    {
        string input = WriteInput("song.wav");
        string[] before = _folder.FileNames();
        string[] args = options.Length == 0 ? ["separate"] : ["separate", input, "-o", _folder.File("out"), .. options];

        var run = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.StartsWith("kamhp: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, _folder.FileNames());
    }

    [Theory]
    [MemberData(nameof(WavFileTests.MalformedFiles), MemberType = typeof(WavFileTests))]
    public void Separate_MalformedInput_ExitsWith2_WithOneLine_AndWritesNothing(string description, byte[] file, string problem)
    {
        string input = _folder.File("bad.wav");
        File.WriteAllBytes(input, file);

        var run = CliRunner.Run("separate", input, "-o", _folder.File("out"));

        Assert.True(run.ExitCode == ExitCodes.BadInput, description);
        Assert.Equal(string.Empty, run.Output);
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"kamhp: {input}: ", line, StringComparison.Ordinal);
        // Files that do not start with "RIFF" go to libsndfile, which names what it found instead of the WAV reader's detail.
        bool riff = file.Length < 4 || file.AsSpan(0, 4).SequenceEqual("RIFF"u8);
        Assert.Contains(riff ? problem : "not a supported audio file (starts with ", line, StringComparison.Ordinal);
        Assert.Equal(["bad.wav"], _folder.FileNames());
    }

    [Fact]
    public void Separate_InputThatIsMissingAFolderEmptyOrNotFinite_ExitsWith2()
    {
        string folderInput = _folder.File("dir.wav");
        Directory.CreateDirectory(folderInput);
        string empty = _folder.File("empty.wav");
        WavFile.Write(empty, new AudioClip(44100, [[], []]), WavEncoding.Pcm16);
        string nan = _folder.File("nan.wav");
        WavFile.Write(nan, new AudioClip(44100, [[0f, 0.5f, float.NaN, 0f]]), WavEncoding.Float32);
        string infinite = _folder.File("inf.wav");
        WavFile.Write(infinite, new AudioClip(44100, [[0f, 0f], [0f, float.NegativeInfinity]]), WavEncoding.Float32);

        var cases = new (string Path, string Problem)[]
        {
            (_folder.File("missing.wav"), "no such file"),
            (folderInput, "is a folder without audio files"),
            (empty, "contains no audio (0 samples)"),
            (nan, "sample 2 of channel 1 is NaN"),
            (infinite, "sample 1 of channel 2 is -"),
        };
        foreach (var (path, problem) in cases)
        {
            var run = CliRunner.Run("separate", path, "-o", _folder.File("out"));

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            string line = Assert.Single(run.ErrorLines);
            Assert.Equal($"kamhp: {path}: {problem}", line[..Math.Min(line.Length, $"kamhp: {path}: {problem}".Length)]);
        }

        Assert.False(Directory.Exists(_folder.File("out")));
    }

    [Fact]
    public void Separate_FailedRuns_LeaveExistingOutputsUntouched()
    {
        string input = WriteInput("song.wav");
        string outFolder = _folder.File("out");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("separate", input, "-o", outFolder).ExitCode);
        string harmonic = Path.Combine(outFolder, "song.harmonic.wav");
        string percussive = Path.Combine(outFolder, "song.percussive.wav");
        byte[] harmonicBefore = File.ReadAllBytes(harmonic);
        byte[] percussiveBefore = File.ReadAllBytes(percussive);

        // A usage error found only after reading the input, then an input truncated in its data.
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("separate", input, "-o", outFolder, "--harmonic-seconds", "30", "--force").ExitCode);
        byte[] bytes = File.ReadAllBytes(input);
        File.WriteAllBytes(input, bytes[..^100]);
        Assert.Equal(ExitCodes.BadInput, CliRunner.Run("separate", input, "-o", outFolder, "--force").ExitCode);

        Assert.Equal(harmonicBefore, File.ReadAllBytes(harmonic));
        Assert.Equal(percussiveBefore, File.ReadAllBytes(percussive));
        Assert.Equal(["out/song.harmonic.wav", "out/song.percussive.wav", "song.wav"], _folder.FileNames());
    }

    [Fact]
    public void Separate_OutputFolderThatIsAFile_ExitsWith1()
    {
        string input = WriteInput("song.wav");
        File.WriteAllText(_folder.File("notes.txt"), "x");

        var run = CliRunner.Run("separate", input, "-o", _folder.File("notes.txt"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("is a file, not a folder", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["notes.txt", "song.wav"], _folder.FileNames());
    }

    [Fact]
    public void Separate_OutputFolderThatCannotBeCreated_ExitsWith3_WithOneLine()
    {
        string input = WriteInput("song.wav");
        File.WriteAllText(_folder.File("notes.txt"), "x");

        var run = CliRunner.Run("separate", input, "-o", _folder.File("notes.txt/sub"));

        Assert.Equal(ExitCodes.OutputFailed, run.ExitCode);
        Assert.StartsWith("kamhp: cannot write to ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["notes.txt", "song.wav"], _folder.FileNames());
    }

    [Fact]
    public void Separate_Help_ListsEveryOption()
    {
        var run = CliRunner.Run("separate", "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (string option in new[] { "--output", "--method", "--iterations", "--no-spatial", "--fft", "--hop", "--harmonic-frames", "--harmonic-seconds", "--percussive-bins", "--percussive-hz", "--every-iteration", "--bits", "--name", "--force", "--format", "--quiet", "--verbose", "--json" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    private static float Peak(float[][] channels) => channels.Max(c => c.Length == 0 ? 0f : c.Max(MathF.Abs));
}
