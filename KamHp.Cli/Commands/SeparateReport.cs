using System.Text;
using System.Text.Json;
using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation.Methods;
using static KamHp.Cli.Commands.OptionParsing;

namespace KamHp.Cli.Commands;

/// <summary>What <c>kamhp separate</c> tells the user: one line per input, a total for a batch, and the <c>--json</c> summary.</summary>
internal static class SeparateReport
{
    /// <summary>"song.wav: 16.0 s stereo 44100 Hz in 0.21 s wall (separation 0.15 s), 76x real time (settings) -> outputs (format)".</summary>
    public static string Line(FileResult result, SeparateRequest request)
    {
        AudioShape clip = result.Clip!;
        KamSettings settings = result.Settings!;
        string layout = clip.ChannelCount == 1 ? "mono" : "stereo";
        string model = settings.SpatialModel && clip.ChannelCount == 2 ? "spatial model on" : "spatial model off";
        string written = result.Outputs.Count <= 2
            ? string.Join(", ", result.Outputs)
            : Invariant($"{result.Outputs.Count} files to {FolderOf(result.Outputs[0])}");
        string timing = Invariant(
            $"{AudioInput.DisplayName(result.Input)}: {clip.DurationSeconds:0.0##} s {layout} {clip.SampleRateHz} Hz in {result.WallSeconds:0.00} s wall (separation {result.SeparationSeconds:0.00} s), {Speed(clip.DurationSeconds, result.WallSeconds)}");
        string plural = settings.Iterations == 1 ? string.Empty : "s";
        // The Instant latency mode runs its own geometry whatever the method: state that instead of the resolved FFT and kernels.
        string? instant = request.Streaming is { } streaming ? StreamingRender.InstantSetup(streaming, clip.SampleRateHz, settings) : null;
        string setup = instant ?? Invariant(
            $"FFT {settings.FftSize}/{settings.HopSize}, kernels {settings.HarmonicKernelFrames} frames x {settings.PercussiveKernelBins} bins, {settings.Iterations} iteration{plural}, {model}");
        string method = request.Method == SeparationMethod.Paper || instant is not null ? string.Empty : MethodDefaults.NameOf(request.Method) + ": ";
        string line = $"{timing} ({method}{setup}) -> {written} ({result.OutputFormat})";
        return request.Streaming is { } streamed ? $"{line} [{StreamingRender.Describe(streamed, clip.SampleRateHz, settings)}]" : line;
    }

    /// <summary>"3 files: 2 separated, 1 failed; 48.0 s of audio in 1.20 s wall, 40x real time".</summary>
    public static string Total(IReadOnlyList<FileResult> results, int planned, double wallSeconds)
    {
        int ok = results.Count(r => r.ExitCode == ExitCodes.Ok);
        int failed = results.Count - ok;
        int skipped = planned - results.Count;
        double audio = results.Sum(r => r.AudioSeconds);
        string rest = skipped > 0 ? Invariant($", {skipped} not started") : string.Empty;
        return Invariant($"{planned} files: {ok} separated, {failed} failed{rest}; {audio:0.0} s of audio in {wallSeconds:0.00} s wall, {Speed(audio, wallSeconds)}");
    }

    /// <summary>
    /// Speed as a multiple of real time with enough digits to mean something: a 1-sample file is not "0x".
    /// </summary>
    public static string Speed(double audioSeconds, double wallSeconds)
    {
        double speed = audioSeconds / Math.Max(wallSeconds, 1e-9);
        return speed switch
        {
            >= 10 => Invariant($"{speed:0}x real time"),
            >= 0.1 => Invariant($"{speed:0.0#}x real time"),
            >= 0.001 => Invariant($"{speed:0.000#}x real time"),
            _ => "under 0.001x real time (start-up dominates so short a file)",
        };
    }

    /// <summary>Writes the machine-readable summary to <paramref name="path"/> (<c>-</c>: standard output); false with a message on failure.</summary>
    public static bool TryWriteJson(string path, IReadOnlyList<FileResult> results, int planned, int exitCode, double wallSeconds, CliConsole console)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("exitCode", exitCode);
            json.WriteNumber("files", planned);
            json.WriteNumber("separated", results.Count(r => r.ExitCode == ExitCodes.Ok));
            json.WriteNumber("failed", results.Count(r => r.ExitCode != ExitCodes.Ok));
            json.WriteNumber("audioSeconds", results.Sum(r => r.AudioSeconds));
            json.WriteNumber("wallSeconds", wallSeconds);
            json.WriteStartArray("results");
            foreach (FileResult result in results)
            {
                WriteResult(json, result);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        try
        {
            if (path == "-")
            {
                console.Output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                return true;
            }

            string temporary = TemporaryFiles.Create(path);
            try
            {
                File.WriteAllBytes(temporary, buffer.ToArray());
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                TemporaryFiles.Delete(temporary);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"kamhp: --json {path}: {e.Message.ReplaceLineEndings(" ")}");
            return false;
        }
    }

    private static void WriteResult(Utf8JsonWriter json, FileResult result)
    {
        json.WriteStartObject();
        json.WriteString("input", AudioInput.IsStandardInput(result.Input) ? "-" : result.Input);
        json.WriteNumber("exitCode", result.ExitCode);
        if (result.Error is { } error)
        {
            json.WriteString("error", error);
        }

        if (result.Clip is { } clip && result.Settings is { } settings)
        {
            json.WriteNumber("sampleRateHz", clip.SampleRateHz);
            json.WriteNumber("channels", clip.ChannelCount);
            json.WriteNumber("audioSeconds", clip.DurationSeconds);
            json.WriteNumber("wallSeconds", result.WallSeconds);
            json.WriteNumber("separationSeconds", result.SeparationSeconds);
            json.WriteNumber("fftSize", settings.FftSize);
            json.WriteNumber("hopSize", settings.HopSize);
            json.WriteNumber("harmonicKernelFrames", settings.HarmonicKernelFrames);
            json.WriteNumber("percussiveKernelBins", settings.PercussiveKernelBins);
            json.WriteNumber("iterations", settings.Iterations);
            json.WriteBoolean("spatialModel", settings.SpatialModel && clip.ChannelCount == 2);
            json.WriteString("format", result.OutputFormat);
            json.WriteStartArray("outputs");
            foreach (string output in result.Outputs)
            {
                json.WriteStringValue(output);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static string FolderOf(string path) => Path.GetDirectoryName(path) is { Length: > 0 } folder ? folder : ".";
}
