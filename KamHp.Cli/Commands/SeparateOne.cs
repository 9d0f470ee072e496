using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;
using static KamHp.Cli.Commands.OptionParsing;

namespace KamHp.Cli.Commands;

/// <summary>
/// One input of <c>kamhp separate</c>, in four steps: read and check it (exit 2), resolve the settings against its
/// rate (exit 1), separate (offline, or with <c>--streaming</c> through <see cref="StreamingRender"/>), write every
/// output atomically (exit 3). Progress: reading 0..10 %, separating and writing 10..100 %.
/// </summary>
internal static class SeparateOne
{
    private const double ReadShare = 0.1;

    /// <exception cref="OperationCanceledException">Interrupted; nothing of this input was written.</exception>
    public static FileResult Run(SeparateRequest request, FilePlan plan, CliConsole console, IProgress<double>? progress, CancellationToken cancellation)
    {
        var wall = Stopwatch.StartNew();
        string input = plan.Input.Path;
        string name = AudioInput.DisplayName(input);
        if (plan.Input.Problem is { } problem)
        {
            return FileResult.Failed(input, ExitCodes.BadInput, $"{name}: {problem}");
        }

        if (request.Streaming is { } streaming)
        {
            return SeparateStreamed.Run(request, streaming, plan, console, progress, p => Scaled(p, ReadShare, 1 - ReadShare, cancellation));
        }

        if (!TryRead(input, out DecodedAudio? audio, out string readError, offerDownmix: true, request.Downmix))
        {
            return FileResult.Failed(input, ExitCodes.BadInput, readError);
        }

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(ReadShare);
        if (request.Verbose)
        {
            foreach (string note in audio.Notes)
            {
                console.Error.WriteLine($"kamhp: {note}");
            }
        }

        AudioClip clip = audio.Clip;
        if (!SeparateSettings.TryResolve(request, clip.SampleRateHz, out KamSettings settings, out string settingsError))
        {
            return FileResult.Failed(input, ExitCodes.Usage, settingsError);
        }

        if (plan.Container == AudioContainer.Wav && WavFile.TooLargeForWav(clip.FrameCount, clip.ChannelCount, request.Encoding) is { } tooLarge)
        {
            return FileResult.Failed(input, ExitCodes.OutputFailed, $"{plan.Outputs[0].Path}: {tooLarge}");
        }

        var separation = Stopwatch.StartNew();
        var separateProgress = Scaled(progress, ReadShare, 1 - ReadShare, cancellation);
        try
        {
            // The outputs are written while the separation runs (piece by piece: nothing of the input's length is
            // held but the input), and renamed into place only when all are complete.
            using var outputs = new StemOutputs(plan, clip, request.Encoding);
            Separate(request, clip, settings, outputs, separateProgress);
            separation.Stop();
            outputs.Commit(cancellation);
            if (plan.Container == AudioContainer.Flac || request.Encoding != WavEncoding.Float32)
            {
                foreach (string warning in outputs.ClippingWarnings())
                {
                    console.Error.WriteLine(warning);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string folder = plan.Folder.Length == 0 ? "." : plan.Folder;
            return FileResult.Failed(input, ExitCodes.OutputFailed, $"cannot write to {folder} ({e.Message.ReplaceLineEndings(" ")}); no output was changed");
        }

        progress?.Report(1.0);
        return new FileResult(input, ExitCodes.Ok, null)
        {
            Clip = AudioShape.Of(clip),
            Settings = settings,
            Outputs = [.. plan.Outputs.Select(o => o.Path)],
            OutputFormat = OutputFormatOf(plan, request.Encoding),
            WallSeconds = wall.Elapsed.TotalSeconds,
            SeparationSeconds = separation.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Reads the input, mixes it down when asked (<paramref name="downmix"/>; without, more than 2 channels is refused
    /// with a line naming --downmix when <paramref name="offerDownmix"/>), and checks it holds finite audio; false with a one-line message otherwise.
    /// </summary>
    internal static bool TryRead(
        string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DecodedAudio? audio, out string problem, bool offerDownmix = false, DownmixTarget? downmix = null)
    {
        audio = null;
        problem = string.Empty;
        string name = AudioInput.DisplayName(path);
        try
        {
            if (!AudioInput.IsStandardInput(path) && Directory.Exists(path))
            {
                problem = $"{name}: is a folder, not an audio file";
            }
            else if (!AudioInput.IsStandardInput(path) && !File.Exists(path))
            {
                problem = $"{name}: no such file";
            }
            else
            {
                audio = AudioInput.Read(path, offerDownmix ? Downmix.MaxInputChannels : 2);
                if (downmix is { } target)
                {
                    audio = audio with { Clip = Downmix.Apply(audio.Clip, target) };
                }

                problem = audio.Clip.ChannelCount > 2
                    ? $"{name}: {Downmix.TooManyChannels(audio.Clip.ChannelCount, 2)} (--downmix stereo or --downmix mono averages them)"
                    : CheckSamples(name, audio.Clip) ?? string.Empty;
            }
        }
        catch (WavFormatException e)
        {
            problem = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{name}: cannot be read ({e.Message.ReplaceLineEndings(" ")})";
        }

        return problem.Length == 0;
    }

    /// <summary>
    /// Chooses the separation path: the offline separator (pieces straight to the outputs), or the streaming engine
    /// (<see cref="StreamingRender"/>, pieces likewise). Inputs shorter than one frame are padded and separated whole.
    /// </summary>
    private static void Separate(SeparateRequest request, AudioClip clip, KamSettings settings, StemOutputs outputs, IProgress<double>? progress)
    {
        int[] iterations = [.. Enumerable.Range(1, settings.Iterations).Where(n => request.EveryIteration || n == settings.Iterations)];
        int padding = ShortSignalPadding.PaddingFor(settings, clip.FrameCount);
        if (padding == 0)
        {
            new KamOfflineSeparator(settings).Separate(clip.Channels, iterations, outputs, progress);
            return;
        }

        float[][] padded = ShortSignalPadding.Pad(clip.Channels, padding);
        foreach (SeparatedSignals result in new KamOfflineSeparator(settings).Separate(padded, request.EveryIteration, progress).Iterations)
        {
            float[][] harmonic = ShortSignalPadding.Crop(result.Harmonic, padding, clip.FrameCount);
            float[][] percussive = ShortSignalPadding.Crop(result.Percussive, padding, clip.FrameCount);
            outputs.Write(result.Iteration, harmonic, 0, percussive, 0, clip.FrameCount);
        }
    }

    /// <summary>"FLAC 24-bit", "32-bit float", ...: the format of the outputs for the summary.</summary>
    internal static string OutputFormatOf(FilePlan plan, WavEncoding encoding) =>
        plan.Container == AudioContainer.Flac ? $"FLAC {(encoding == WavEncoding.Pcm16 ? 16 : 24)}-bit" : EncodingName(encoding);

    /// <summary>Why <paramref name="clip"/> cannot be separated (no samples, or the first NaN or infinity), or null.</summary>
    internal static string? CheckSamples(string name, AudioClip clip)
    {
        if (clip.FrameCount == 0)
        {
            return $"{name}: contains no audio (0 samples)";
        }

        for (int c = 0; c < clip.ChannelCount; c++)
        {
            int bad = FirstNonFinite(clip.Channels[c]);
            if (bad >= 0)
            {
                return Invariant($"{name}: sample {bad} of channel {c + 1} is {clip.Channels[c][bad]}; only finite samples can be separated");
            }
        }

        return null;
    }

    /// <summary>
    /// Index of the first NaN or infinity, or -1. Their bit patterns are those with every exponent bit set: two ranges
    /// of the bits read as unsigned, found by the runtime's vectorised range search (a per-sample predicate took 3 ms
    /// for 16 s of stereo).
    /// </summary>
    internal static int FirstNonFinite(ReadOnlySpan<float> samples)
    {
        ReadOnlySpan<uint> bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(samples);
        int positive = bits.IndexOfAnyInRange(0x7F800000u, 0x7FFFFFFFu);
        int negative = bits[..(positive < 0 ? bits.Length : positive)].IndexOfAnyInRange(0xFF800000u, 0xFFFFFFFFu);
        return negative >= 0 ? negative : positive;
    }

    /// <summary>Maps 0..1 into [offset, offset + share] of the whole, and stops the work when interrupted.</summary>
    private static ScaledProgress Scaled(IProgress<double>? inner, double offset, double share, CancellationToken cancellation) =>
        new ScaledProgress(inner, offset, share, cancellation);

    private static string EncodingName(WavEncoding encoding) => encoding switch
    {
        WavEncoding.Pcm16 => "16-bit PCM",
        WavEncoding.Pcm24 => "24-bit PCM",
        WavEncoding.Pcm32 => "32-bit PCM",
        WavEncoding.Float64 => "64-bit float",
        _ => "32-bit float",
    };

    /// <summary>Synchronous (no thread-pool posting) and throws <see cref="OperationCanceledException"/> once interrupted.</summary>
    private sealed class ScaledProgress(IProgress<double>? inner, double offset, double share, CancellationToken cancellation) : IProgress<double>
    {
        public void Report(double value)
        {
            cancellation.ThrowIfCancellationRequested();
            inner?.Report(offset + (share * Math.Clamp(value, 0, 1)));
        }
    }
}
