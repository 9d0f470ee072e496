using System.CommandLine;
using KamHp.Cli.Audio;
using KamHp.Dsp;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;
using KamHp.Dsp.Spectral;
using static KamHp.Cli.Commands.OptionParsing;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp separate INPUT...</c>: splits audio files into <c>&lt;name&gt;.harmonic.&lt;ext&gt;</c> and
/// <c>&lt;name&gt;.percussive.&lt;ext&gt;</c> with the paper-exact offline separator (or the streaming engine).
/// </summary>
/// <remarks>
/// This class declares the options and turns them into a <see cref="SeparateRequest"/>;
/// <see cref="SeparateBatch"/> plans and checks the batch (<see cref="SeparatePlan"/>) and runs each input
/// (<see cref="SeparateOne"/>); <see cref="SeparateSettings"/> resolves the settings against each input's rate.
/// </remarks>
internal static class SeparateCommand
{
    /// <summary>The paper's harmonic kernel in frames (l_harm), the default.</summary>
    public const int DefaultHarmonicKernelFrames = SeparationDefaults.PaperHarmonicKernelFrames;

    /// <summary>The paper's percussive kernel in bins (l_perc), the default.</summary>
    public const int DefaultPercussiveKernelBins = SeparationDefaults.PaperPercussiveKernelBins;

    /// <summary>The paper's iteration count, the default.</summary>
    public const int DefaultIterations = SeparationDefaults.Iterations;

    /// <summary>Settings for one input's rate (<see cref="SeparateSettings.TryResolve"/>); kept here for the evaluation's use.</summary>
    internal static bool TryResolveSettings(SeparateRequest request, int sampleRateHz, out KamSettings settings, out string error) =>
        SeparateSettings.TryResolve(request, sampleRateHz, out settings, out error);

    public static Command Create()
    {
        var input = new Argument<string[]>("input")
        {
            Description = "Audio files, folders (their audio files) or glob patterns; - reads standard input. WAV built in; FLAC, Ogg Vorbis, MP3, AIFF, W64, RF64 through libsndfile. Mono or stereo, any rate.",
            HelpName = "INPUT",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Folder for the outputs, created if missing. Default: each input's folder (the current folder for standard input).",
            HelpName = "DIR",
        };
        var name = new Option<string>("--name")
        {
            Description = $"Output file names: {{stem}} (the input's name; stdin for -), {{part}} (harmonic, percussive; iterNN.harmonic with --every-iteration), {{ext}} (wav, flac). Default: {OutputNames.DefaultTemplate}.",
            HelpName = "TEMPLATE",
            DefaultValueFactory = _ => OutputNames.DefaultTemplate,
        };
        var format = new Option<string?>("--format")
        {
            Description = "Container of the outputs: wav or flac. Default: flac for FLAC inputs, wav for everything else.",
            HelpName = "wav|flac",
        };
        format.AcceptOnlyFromAmong("wav", "flac");
        input.Validators.Add(r =>
        {
            // Inputs take any number of values, so an unknown option would otherwise be read as a file name.
            foreach (var token in r.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    r.AddError($"unknown option {token.Value}.");
                }
            }
        });
        var force = new Option<bool>("--force", "-f") { Description = "Replace outputs that exist (without it, a run that would replace a file is refused before any work)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors and warnings: no progress, no summary." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print remarks about the inputs (a streamed WAV read to its end)." };
        var json = new Option<string?>("--json")
        {
            Description = "Write a machine-readable summary of the batch to FILE (- for standard output, which then carries only the JSON).",
            HelpName = "FILE",
        };
        var iterations = new Option<int?>("--iterations")
        {
            Description = $"Kernel backfitting iterations, 1..{KamSettings.MaxIterations}. Default: {DefaultIterations}.",
            HelpName = "N",
        };
        var noSpatial = new Option<bool>("--no-spatial")
        {
            Description = "Fix the spatial covariances to identity (the paper's model without its spatial part).",
        };
        var fft = new Option<int?>("--fft")
        {
            Description = "FFT size in samples, a power of two 512..16384. Default: the method's, scaled with the rate: hires 8192 at 32-64 kHz (about 186 ms), paper 4096 (about 93 ms).",
            HelpName = "N",
        };
        var hop = new Option<int?>("--hop")
        {
            Description = "Hop in samples: FFT size / 2, / 4 or / 8. Default: the method's (about 23 ms: 1024 at 32-64 kHz), else FFT size / 4.",
            HelpName = "H",
        };
        var harmonicFrames = new Option<int?>("--harmonic-frames")
        {
            Description = $"Harmonic kernel length in frames, odd, {KernelSizes.MinCount}..{KernelSizes.MaxCount}. Default: the paper's 0.395 s; with the paper method's 4096/1024 frames (44.1 and 48 kHz) exactly its {DefaultHarmonicKernelFrames} frames.",
            HelpName = "K",
        };
        var harmonicSeconds = new Option<double?>("--harmonic-seconds")
        {
            Description = "Harmonic kernel length in seconds, rounded to an odd number of frames.",
            HelpName = "S",
        };
        var percussiveBins = new Option<int?>("--percussive-bins")
        {
            Description = $"Percussive kernel width in bins, odd, {KernelSizes.MinCount}..{KernelSizes.MaxCount}. Default: hires 100 Hz (19 bins of 8192 at 44.1 kHz); paper {DefaultPercussiveKernelBins} with a 4096-point FFT (44.1 and 48 kHz), else 183 Hz.",
            HelpName = "K",
        };
        var percussiveHz = new Option<double?>("--percussive-hz")
        {
            Description = "Percussive kernel width in Hz, rounded to an odd number of bins.",
            HelpName = "HZ",
        };
        var everyIteration = new Option<bool>("--every-iteration")
        {
            Description = "Also write the outputs after each iteration: <name>.iterNN.harmonic.wav and .percussive.wav.",
        };
        var method = new Option<string?>("--method")
        {
            Description = "paper: Algorithm 1 of the paper exactly, with its defaults; hires (default, also with --streaming): the paper's kernels and masks on 186 ms frames at the paper's frame rate, percussive kernel 100 Hz, 2 iterations, no spatial model (docs/RESULTS.md).",
            HelpName = "paper|hires",
        };
        method.Validators.Add(r =>
        {
            if (TryValueOf(r, out string? text) && MethodDefaults.Parse(text) is null)
            {
                r.AddError($"--method {text}: must be paper or hires.");
            }
        });
        var downmix = new Option<string?>("--downmix")
        {
            Description = "Mix inputs of more channels down by plain averages: stereo (inputs of 3+ channels: odd channels left, even right) or mono (every channel; stereo inputs too). Without it, more than 2 channels is an error.",
            HelpName = "stereo|mono",
        };
        downmix.Validators.Add(r =>
        {
            if (TryValueOf(r, out string? text) && Downmix.Parse(text) is null)
            {
                r.AddError($"--downmix {text}: must be stereo or mono.");
            }
        });
        var bits = new Option<int?>("--bits")
        {
            Description = "Write 16- or 24-bit PCM (rounded, clipped at full scale). Default: 32-bit float WAV (never clipped), 24-bit FLAC.",
            HelpName = "16|24",
        };

        iterations.CustomParser = WholeNumber(Invariant($"1..{KamSettings.MaxIterations}"));
        fft.CustomParser = WholeNumber(Invariant($"a power of two from {StftSettings.MinFftSize} to {StftSettings.MaxFftSize}"));
        hop.CustomParser = WholeNumber("the FFT size / 2, / 4 or / 8");
        harmonicFrames.CustomParser = WholeNumber(Invariant($"odd, {KernelSizes.MinCount}..{KernelSizes.MaxCount}"));
        percussiveBins.CustomParser = harmonicFrames.CustomParser;
        bits.CustomParser = WholeNumber("16 or 24");
        harmonicSeconds.CustomParser = Number;
        percussiveHz.CustomParser = Number;

        iterations.Validators.Add(r => CheckRange(r, 1, KamSettings.MaxIterations));
        fft.Validators.Add(r =>
        {
            if (TryValueOf(r, out int? value) && (value is not (>= StftSettings.MinFftSize and <= StftSettings.MaxFftSize) || !int.IsPow2(value.Value)))
            {
                r.AddError(Invariant($"--fft {value}: must be a power of two from {StftSettings.MinFftSize} to {StftSettings.MaxFftSize}."));
            }
        });
        hop.Validators.Add(r => CheckRange(r, 1, StftSettings.MaxFftSize / 2));
        harmonicFrames.Validators.Add(r => CheckOdd(r, KernelSizes.MinCount, KernelSizes.MaxCount));
        percussiveBins.Validators.Add(r => CheckOdd(r, KernelSizes.MinCount, KernelSizes.MaxCount));
        harmonicSeconds.Validators.Add(CheckPositive);
        percussiveHz.Validators.Add(CheckPositive);
        bits.Validators.Add(r =>
        {
            if (TryValueOf(r, out int? value) && value is not (16 or 24))
            {
                r.AddError(Invariant($"--bits {value}: must be 16 or 24 (the default is 32-bit float)."));
            }
        });

        var streaming = new StreamingOptions();
        var command = new Command("separate", "Split audio files into harmonic and percussive parts (default method hires; --method paper is KAM, FitzGerald et al. 2014, exactly).")
        {
            input, output, name, format, force, quiet, verbose, json, method, iterations, noSpatial, fft, hop, harmonicFrames, harmonicSeconds, percussiveBins, percussiveHz, everyIteration, bits, downmix,
        };
        foreach (Option option in streaming.All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(r => streaming.Validate(r, iterations, fft, hop, everyIteration));
        command.Validators.Add(r =>
        {
            RejectBoth(r, harmonicFrames, harmonicSeconds);
            RejectBoth(r, percussiveBins, percussiveHz);
            if (r.GetResult(fft) is { } fftResult && TryValueOf(fftResult, out int? n) && n is not null &&
                r.GetResult(hop) is { } hopResult && TryValueOf(hopResult, out int? h) && h is not null &&
                !StftSettings.IsAllowedHop(n.Value, h.Value))
            {
                r.AddError(Invariant($"--hop {h}: must be the FFT size / 2, / 4 or / 8 ({n / 2}, {n / 4} or {n / 8} for --fft {n})."));
            }
        });

        command.SetAction(parseResult =>
        {
            int? bitsValue = parseResult.GetValue(bits);
            StreamingRequest? streamingRequest = streaming.Read(parseResult);

            // The default method is hires, offline and streaming.
            SeparationMethod chosen = MethodDefaults.Parse(parseResult.GetValue(method)) ?? SeparationMethod.HiRes;
            streamingRequest = streamingRequest is null ? null : streamingRequest with { Method = chosen };
            var request = new SeparateRequest
            {
                Method = chosen,
                Inputs = parseResult.GetValue(input) ?? [],
                OutputFolder = parseResult.GetValue(output),
                NameTemplate = parseResult.GetValue(name) ?? OutputNames.DefaultTemplate,
                Format = parseResult.GetValue(format) switch { "flac" => AudioContainer.Flac, "wav" => AudioContainer.Wav, _ => null },
                Force = parseResult.GetValue(force),
                Quiet = parseResult.GetValue(quiet),
                Verbose = parseResult.GetValue(verbose),
                JsonPath = parseResult.GetValue(json),
                Iterations = parseResult.GetValue(iterations) ?? MethodDefaults.For(chosen, 44100).Iterations,
                SpatialModel = chosen == SeparationMethod.Paper && !parseResult.GetValue(noSpatial),
                FftSize = parseResult.GetValue(fft),
                HopSize = parseResult.GetValue(hop),
                HarmonicKernelFrames = parseResult.GetValue(harmonicFrames),
                HarmonicKernelSeconds = parseResult.GetValue(harmonicSeconds),
                PercussiveKernelBins = parseResult.GetValue(percussiveBins),
                PercussiveKernelHz = parseResult.GetValue(percussiveHz),
                EveryIteration = parseResult.GetValue(everyIteration),
                Encoding = bitsValue switch { 16 => WavEncoding.Pcm16, 24 => WavEncoding.Pcm24, _ => WavEncoding.Float32 },
                Streaming = streamingRequest,
                Downmix = Downmix.Parse(parseResult.GetValue(downmix)),
            };
            return SeparateBatch.Run(request, CliConsole.From(parseResult));
        });
        return command;
    }
}
