using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;
using static KamHp.Cli.Commands.OptionParsing;

namespace KamHp.Cli.Commands;

/// <summary>
/// One input of <c>kamhp separate --streaming</c>: the input is read a block at a time (<see cref="AudioInput.OpenBlocks"/>),
/// mixed down per block when asked, fed to the engine and written piece by piece, so memory does not grow with its
/// length. Same checks, messages and exit codes as <see cref="SeparateOne"/>; a bad sample found mid-way leaves
/// every output unchanged (the outputs are renamed into place only when complete).
/// </summary>
internal static class SeparateStreamed
{
    /// <exception cref="OperationCanceledException">Interrupted; nothing of this input was written.</exception>
    public static FileResult Run(SeparateRequest request, StreamingRequest streaming, FilePlan plan, CliConsole console, IProgress<double>? progress, Func<IProgress<double>?, IProgress<double>> scaled)
    {
        var wall = Stopwatch.StartNew();
        string input = plan.Input.Path;
        string name = AudioInput.DisplayName(input);
        if (!AudioInput.IsStandardInput(input) && Directory.Exists(input))
        {
            return FileResult.Failed(input, ExitCodes.BadInput, $"{name}: is a folder, not an audio file");
        }

        if (!AudioInput.IsStandardInput(input) && !File.Exists(input))
        {
            return FileResult.Failed(input, ExitCodes.BadInput, $"{name}: no such file");
        }

        IAudioBlockReader reader;
        try
        {
            reader = AudioInput.OpenBlocks(input, Downmix.MaxInputChannels);
        }
        catch (WavFormatException e)
        {
            return FileResult.Failed(input, ExitCodes.BadInput, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileResult.Failed(input, ExitCodes.BadInput, $"{name}: cannot be read ({e.Message.ReplaceLineEndings(" ")})");
        }

        using (reader)
        {
            return Run(request, streaming, plan, console, progress, scaled, reader, name, wall);
        }
    }

    private static FileResult Run(
        SeparateRequest request, StreamingRequest streaming, FilePlan plan, CliConsole console, IProgress<double>? progress, Func<IProgress<double>?, IProgress<double>> scaled, IAudioBlockReader reader, string name, Stopwatch wall)
    {
        string input = plan.Input.Path;
        int channels = request.Downmix is { } target ? Math.Min(reader.ChannelCount, target == DownmixTarget.Mono ? 1 : 2) : reader.ChannelCount;
        if (channels > 2)
        {
            return FileResult.Failed(input, ExitCodes.BadInput, $"{name}: {Downmix.TooManyChannels(channels, 2)} (--downmix stereo or --downmix mono averages them)");
        }

        if (reader.FrameCount == 0)
        {
            return FileResult.Failed(input, ExitCodes.BadInput, $"{name}: contains no audio (0 samples)");
        }

        if (request.Verbose)
        {
            foreach (string note in reader.Notes)
            {
                console.Error.WriteLine($"kamhp: {note}");
            }
        }

        var shape = new AudioShape(reader.SampleRateHz, channels, reader.FrameCount);
        if (!SeparateSettings.TryResolve(request, shape.SampleRateHz, out KamSettings settings, out string settingsError))
        {
            return FileResult.Failed(input, ExitCodes.Usage, settingsError);
        }

        if (plan.Container == AudioContainer.Wav && WavFile.TooLargeForWav((int)Math.Min(int.MaxValue, shape.FrameCount), channels, request.Encoding) is { } tooLarge)
        {
            return FileResult.Failed(input, ExitCodes.OutputFailed, $"{plan.Outputs[0].Path}: {tooLarge}");
        }

        progress?.Report(0.1);
        var separation = Stopwatch.StartNew();
        try
        {
            using var outputs = new StemOutputs(plan, shape, request.Encoding);
            var source = new CheckedSource(reader, channels, name, shape.FrameCount);
            StreamingRender.RenderPieces(
                shape.SampleRateHz, channels, shape.FrameCount,
                StreamingRender.EngineSettingsFor(settings, shape.SampleRateHz, streaming.LatencyMode, streaming.Method),
                streaming.BlockSize, streaming.Seed, scaled(progress),
                (start, harmonic, percussive, offset, count) => outputs.Write(settings.Iterations, harmonic, offset, percussive, offset, count),
                source.Read);
            separation.Stop();
            outputs.Commit(CancellationToken.None);
            if (plan.Container == AudioContainer.Flac || request.Encoding != WavEncoding.Float32)
            {
                foreach (string warning in outputs.ClippingWarnings())
                {
                    console.Error.WriteLine(warning);
                }
            }
        }
        catch (WavFormatException e)
        {
            return FileResult.Failed(input, ExitCodes.BadInput, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string folder = plan.Folder.Length == 0 ? "." : plan.Folder;
            return FileResult.Failed(input, ExitCodes.OutputFailed, $"cannot write to {folder} ({e.Message.ReplaceLineEndings(" ")}); no output was changed");
        }

        progress?.Report(1.0);
        return new FileResult(input, ExitCodes.Ok, null)
        {
            Clip = shape,
            Settings = settings,
            Outputs = [.. plan.Outputs.Select(o => o.Path)],
            OutputFormat = SeparateOne.OutputFormatOf(plan, request.Encoding),
            WallSeconds = wall.Elapsed.TotalSeconds,
            SeparationSeconds = separation.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The reader's blocks, mixed down when asked and checked finite as <see cref="SeparateOne"/> checks the whole clip.</summary>
    private sealed class CheckedSource(IAudioBlockReader reader, int channels, string name, long frameCount)
    {
        private readonly float[][] _wide = reader.ChannelCount > channels ? [.. Enumerable.Range(0, reader.ChannelCount).Select(_ => new float[StreamingRender.MaxBlockSize])] : [];
        private long _position;

        public int Read(float[][] destination, int count)
        {
            // Every reader fills the whole request until its end, which the header placed at frameCount.
            bool mixing = _wide.Length > 0;
            int got = reader.Read(mixing ? _wide : destination, count);
            if (got < count)
            {
                throw new WavFormatException(name, Invariant($"ended after {_position + got} of its {frameCount} frames"));
            }

            if (mixing)
            {
                Downmix.Apply(_wide, count, destination);
            }

            for (int c = 0; c < channels; c++)
            {
                int bad = destination[c].AsSpan(0, count).IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
                if (bad >= 0)
                {
                    throw new WavFormatException(name, Invariant($"sample {_position + bad} of channel {c + 1} is {destination[c][bad]}; only finite samples can be separated"));
                }
            }

            _position += count;
            return count;
        }

    }
}
