using KamHp.Cli;
using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Audio;

/// <summary>
/// Issue 14, item 3: every format is decoded as the WAV of the same signal (files made by ffmpeg, an encoder
/// independent of libsndfile), FLAC round trips bit-exactly, and containers are kept where writable.
/// </summary>
public sealed class AudioFormatTests : IDisposable
{
    private const int Rate = 44100;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>One second of a stereo chord with a click, on the 16-bit grid, written as a 16-bit WAV.</summary>
    private (string Path, AudioClip Clip) Source()
    {
        var random = new Random(5);
        var channels = new float[2][];
        for (int c = 0; c < 2; c++)
        {
            channels[c] = new float[Rate];
            for (int i = 0; i < Rate; i++)
            {
                double v = (0.3 * Math.Sin(2 * Math.PI * (220 + (110 * c)) * i / Rate)) + (0.1 * Math.Sin(2 * Math.PI * 880 * i / Rate));
                v += i % 11025 < 200 ? 0.2 * ((2 * random.NextDouble()) - 1) : 0;
                channels[c][i] = WavFile.QuantizeToPcm((float)v, 16);
            }
        }

        var clip = new AudioClip(Rate, channels);
        string path = _folder.File("source.wav");
        WavFile.Write(path, clip, WavEncoding.Pcm16);
        return (path, clip);
    }

    [Theory]
    [InlineData("flac", new[] { "-c:a", "flac" }, AudioContainer.Flac)]
    [InlineData("aiff", new[] { "-c:a", "pcm_s16be" }, AudioContainer.Aiff)]
    [InlineData("w64", new[] { "-c:a", "pcm_s16le" }, AudioContainer.W64)]
    [InlineData("wav", new[] { "-c:a", "pcm_s16le", "-rf64", "always" }, AudioContainer.Rf64)]
    public void Lossless_DecodesToTheSameSamplesAsTheWav(string extension, string[] codec, AudioContainer container)
    {
        var (source, clip) = Source();
        string encoded = _folder.File("encoded." + extension);
        KamhpProcess.Tool("ffmpeg", ["-v", "error", "-i", source, .. codec, encoded]);

        DecodedAudio audio = AudioInput.Read(encoded);

        Assert.Equal(container, audio.Container);
        Assert.Equal(Rate, audio.Clip.SampleRateHz);
        Assert.Equal(clip.Channels, audio.Clip.Channels);
    }

    [Theory]
    [InlineData("ogg", new[] { "-c:a", "libvorbis", "-q:a", "6" }, AudioContainer.Ogg)]
    [InlineData("mp3", new[] { "-c:a", "libmp3lame", "-b:a", "192k" }, AudioContainer.Mp3)]
    public void Lossy_DecodesCloseToTheWav(string extension, string[] codec, AudioContainer container)
    {
        var (source, clip) = Source();
        string encoded = _folder.File("encoded." + extension);
        KamhpProcess.Tool("ffmpeg", ["-v", "error", "-i", source, .. codec, encoded]);

        DecodedAudio audio = AudioInput.Read(encoded);

        Assert.Equal(container, audio.Container);
        Assert.Equal(2, audio.Clip.ChannelCount);
        // Codecs may add a delay (MP3 encoder padding) of up to a few frames: compare at the best lag, in the middle.
        double best = Enumerable.Range(0, 3000).Max(lag => Snr(clip.Channels[0], audio.Clip.Channels[0], lag));
        Assert.True(best > 15, $"{extension}: SNR {best:0.0} dB against the source");
    }

    [Theory]
    [InlineData(WavEncoding.Pcm16, 16)]
    [InlineData(WavEncoding.Float32, 24)]
    public void Flac_RoundTripsBitExactly_OnItsGrid(WavEncoding encoding, int bits)
    {
        var random = new Random(9);
        float[][] channels = [.. Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 5000).Select(_ => WavFile.QuantizeToPcm((float)((random.NextDouble() * 2) - 1), bits)).ToArray())];
        var clip = new AudioClip(48000, channels);
        string path = _folder.File("x.flac");

        OutputWriter.WriteAll([new OutputFile(path, clip, AudioContainer.Flac, encoding)], CancellationToken.None);
        DecodedAudio audio = AudioInput.Read(path);

        Assert.Equal(AudioContainer.Flac, audio.Container);
        Assert.Equal(48000, audio.Clip.SampleRateHz);
        Assert.Equal(channels, audio.Clip.Channels);
        Assert.Equal(["x.flac"], _folder.FileNames());
    }

    [Fact]
    public void Separate_FlacIn_FlacOut_UnlessFormatSaysWav_AndSameSeparationAsTheWav()
    {
        var (source, _) = Source();
        string flac = _folder.File("song.flac");
        KamhpProcess.Tool("ffmpeg", "-v", "error", "-i", source, "-c:a", "flac", flac);

        var fromFlac = CliRunner.Run("separate", flac, "-o", _folder.File("a"));
        var asWav = CliRunner.Run("separate", flac, "-o", _folder.File("b"), "--format", "wav");
        var fromWav = CliRunner.Run("separate", source, "-o", _folder.File("c"));

        Assert.True(fromFlac.ExitCode == ExitCodes.Ok, fromFlac.Error);
        Assert.Contains("(FLAC 24-bit)", fromFlac.Output, StringComparison.Ordinal);
        Assert.Equal(AudioContainer.Flac, AudioInput.Read(_folder.File("a/song.harmonic.flac")).Container);
        Assert.Equal(ExitCodes.Ok, asWav.ExitCode);
        Assert.Equal(ExitCodes.Ok, fromWav.ExitCode);
        Assert.Equal(WavFile.Read(_folder.File("c/source.harmonic.wav")).Channels, WavFile.Read(_folder.File("b/song.harmonic.wav")).Channels);
        // The FLAC output is the float result on the 24-bit grid.
        float[] wav = WavFile.Read(_folder.File("c/source.harmonic.wav")).Channels[0];
        float[] decoded = AudioInput.Read(_folder.File("a/song.harmonic.flac")).Clip.Channels[0];
        Assert.Equal(wav.Select(v => WavFile.QuantizeToPcm(v, 24)), decoded);
    }

    [Fact]
    public void Separate_ThreeChannelFile_ExitsWith2_InOneLine()
    {
        string input = _folder.File("three.flac");
        KamhpProcess.Tool("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.5", "-filter_complex", "[0:a][0:a][0:a]amerge=inputs=3", "-c:a", "flac", input);

        var run = CliRunner.Run("separate", input, "-o", _folder.File("out"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(
            $"kamhp: {input}: 3 channels; only mono and stereo are supported (--downmix stereo or --downmix mono averages them)", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void LibSndFile_IsFound_AndTheMissingMessageNamesThePackage()
    {
        Assert.True(LibSndFile.IsAvailable);
        Assert.Contains("sudo apt-get install libsndfile1", LibSndFile.MissingMessage("reading FLAC"), StringComparison.Ordinal);
    }

    private static double Snr(float[] reference, float[] test, int lag)
    {
        double signal = 0, noise = 0;
        for (int i = 4000; i < reference.Length - 4000 && i + lag < test.Length; i++)
        {
            signal += reference[i] * (double)reference[i];
            double d = reference[i] - (double)test[i + lag];
            noise += d * d;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1e-30));
    }
}
