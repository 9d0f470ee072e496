using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;
using KamHp.Dsp.Spectral;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp separate IN.wav</c>: splits a WAV file into <c>&lt;name&gt;.harmonic.wav</c> and
/// <c>&lt;name&gt;.percussive.wav</c> with the paper-exact offline separator.
/// </summary>
/// <remarks>
/// The command runs in four steps, each its own method: read and check the input (<see cref="TryReadInput"/>, exit 2
/// on failure), resolve the settings against the input's rate (<see cref="TryResolveSettings"/>, exit 1), separate
/// (<see cref="SeparateOffline"/>, or with <c>--streaming</c> <see cref="StreamingRender"/> driving <c>KamHpEngine</c>,
/// selected in <see cref="Separate"/>), write every output atomically (<see cref="WriteOutputs"/>, exit 3).
/// </remarks>
internal static class SeparateCommand
{
    /// <summary>The paper's harmonic kernel in frames (l_harm), the default.</summary>
    public const int DefaultHarmonicKernelFrames = 17;

    /// <summary>The paper's percussive kernel in bins (l_perc), the default.</summary>
    public const int DefaultPercussiveKernelBins = 17;

    /// <summary>The paper's iteration count, the default.</summary>
    public const int DefaultIterations = 2;

    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "WAV file to separate: PCM 16/24/32-bit or IEEE float, mono or stereo, any rate.",
            HelpName = "IN.wav",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Folder for the outputs, created if missing. Default: the input's folder.",
            HelpName = "DIR",
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
            Description = "FFT size in samples, a power of two 512..16384. Default: 4096 at 32-64 kHz, scaled with the rate elsewhere (about 93 ms).",
            HelpName = "N",
        };
        var hop = new Option<int?>("--hop")
        {
            Description = "Hop in samples: FFT size / 2, / 4 or / 8. Default: FFT size / 4.",
            HelpName = "H",
        };
        var harmonicFrames = new Option<int?>("--harmonic-frames")
        {
            Description = $"Harmonic kernel length in frames, odd, {KernelSizes.MinCount}..{KernelSizes.MaxCount}. Default: {DefaultHarmonicKernelFrames} with the paper's 4096/1024 frames (44.1 and 48 kHz), else the paper's 0.395 s.",
            HelpName = "K",
        };
        var harmonicSeconds = new Option<double?>("--harmonic-seconds")
        {
            Description = "Harmonic kernel length in seconds, rounded to an odd number of frames.",
            HelpName = "S",
        };
        var percussiveBins = new Option<int?>("--percussive-bins")
        {
            Description = $"Percussive kernel width in bins, odd, {KernelSizes.MinCount}..{KernelSizes.MaxCount}. Default: {DefaultPercussiveKernelBins} with a 4096-point FFT (44.1 and 48 kHz), else the paper's 183 Hz.",
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
            Description = "paper: Algorithm 1 of the paper exactly, with its defaults; hires (default): the paper's kernels and masks on 186 ms frames at the paper's frame rate, percussive kernel 100 Hz, 2 iterations, no spatial model (docs/RESULTS.md). With --streaming only paper is available yet.",
            HelpName = "paper|hires",
        };
        method.Validators.Add(r =>
        {
            if (TryValueOf(r, out string? name) && MethodDefaults.Parse(name) is null)
            {
                r.AddError($"--method {name}: must be paper or hires.");
            }
        });
        var bits = new Option<int?>("--bits")
        {
            Description = "Write 16- or 24-bit PCM (rounded, clipped at full scale). Default: 32-bit float, never clipped.",
            HelpName = "16|24",
        };

        foreach (var option in new[] { iterations, fft, hop, harmonicFrames, percussiveBins, bits })
        {
            option.CustomParser = ParseWholeNumber;
        }

        harmonicSeconds.CustomParser = ParseNumber;
        percussiveHz.CustomParser = ParseNumber;

        iterations.Validators.Add(r => CheckRange(r, 1, KamSettings.MaxIterations));
        fft.Validators.Add(r =>
        {
            if (TryValueOf(r, out int? value) && (value is not (>= StftSettings.MinFftSize and <= StftSettings.MaxFftSize) || !int.IsPow2(value.Value)))
            {
                r.AddError(Invariant($"--fft {value}: must be a power of two from {StftSettings.MinFftSize} to {StftSettings.MaxFftSize}."));
            }
        });
        hop.Validators.Add(r => CheckRange(r, 1, StftSettings.MaxFftSize / 2));
        harmonicFrames.Validators.Add(CheckOddKernel);
        percussiveBins.Validators.Add(CheckOddKernel);
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
        var command = new Command("separate", "Split a WAV file into harmonic and percussive parts (KAM, FitzGerald et al. 2014; defaults are the paper's).")
        {
            input, output, method, iterations, noSpatial, fft, hop, harmonicFrames, harmonicSeconds, percussiveBins, percussiveHz, everyIteration, bits,
        };
        foreach (Option option in streaming.All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(r => streaming.Validate(r, iterations, fft, hop, everyIteration));
        command.Validators.Add(r =>
        {
            if (r.GetResult(streaming.Streaming) is { Implicit: false } && r.GetResult(method) is { Implicit: false } m
                && TryValueOf(m, out string? name) && MethodDefaults.Parse(name) == SeparationMethod.HiRes)
            {
                r.AddError("--method hires: not available with --streaming yet (the engine runs the paper's frames); use --method paper.");
            }
        });
        command.Validators.Add(r =>
        {
            RejectBoth(r, harmonicFrames, harmonicSeconds);
            RejectBoth(r, percussiveBins, percussiveHz);
            if (r.GetResult(fft) is { } fftResult && TryValueOf(fftResult, out int? n) && n is not null &&
                r.GetResult(hop) is { } hopResult && TryValueOf(hopResult, out int? h) && h is not null &&
                !IsAllowedHop(n.Value, h.Value))
            {
                r.AddError(Invariant($"--hop {h}: must be the FFT size / 2, / 4 or / 8 ({n / 2}, {n / 4} or {n / 8} for --fft {n})."));
            }
        });

        command.SetAction(parseResult =>
        {
            int? bitsValue = parseResult.GetValue(bits);
            StreamingRequest? streamingRequest = streaming.Read(parseResult);

            // The default method is hires; the streaming engine runs the paper's frames only, so --streaming keeps paper.
            SeparationMethod chosen = MethodDefaults.Parse(parseResult.GetValue(method))
                ?? (streamingRequest is null ? SeparationMethod.HiRes : SeparationMethod.Paper);
            var request = new SeparateRequest
            {
                InputPath = parseResult.GetRequiredValue(input),
                OutputFolder = parseResult.GetValue(output),
                Method = chosen,
                Iterations = parseResult.GetValue(iterations) ?? (chosen == SeparationMethod.Paper ? DefaultIterations : MethodDefaults.For(chosen, 44100).Iterations),
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
            };
            return Run(request, CliConsole.From(parseResult));
        });
        return command;
    }

    /// <summary>Runs a parsed request; returns the exit code. Everything the user sees goes through <paramref name="console"/>.</summary>
    public static int Run(SeparateRequest request, CliConsole console)
    {
        var wall = Stopwatch.StartNew();
        string inputPath = request.InputPath;

        if (!TryReadInput(inputPath, console, out AudioClip clip))
        {
            return ExitCodes.BadInput;
        }

        if (!TryResolveSettings(request, clip.SampleRateHz, out KamSettings settings, out string settingsError))
        {
            console.Error.WriteLine($"kamhp: {settingsError}");
            return ExitCodes.Usage;
        }

        string folderShown = request.OutputFolder ?? Path.GetDirectoryName(inputPath) ?? string.Empty;
        string folder = Path.GetFullPath(folderShown.Length == 0 ? "." : folderShown);
        if (File.Exists(folder))
        {
            console.Error.WriteLine($"kamhp: -o {folderShown}: is a file, not a folder");
            return ExitCodes.Usage;
        }

        // Output names are fixed before the (long) separation, so a refusal comes at once.
        string name = Path.GetFileNameWithoutExtension(inputPath);
        var stems = new List<(string Path, int Iteration, bool Harmonic)>();
        void Plan(string label, int iteration)
        {
            stems.Add((Path.Combine(folderShown, $"{name}.{label}harmonic.wav"), iteration, true));
            stems.Add((Path.Combine(folderShown, $"{name}.{label}percussive.wav"), iteration, false));
        }

        if (request.EveryIteration)
        {
            for (int n = 1; n <= settings.Iterations; n++)
            {
                Plan(Invariant($"iter{n:D2}."), n);
            }
        }

        Plan(string.Empty, settings.Iterations);
        if (!EnsureNotInput([.. stems.Select(s => s.Path)], inputPath, console))
        {
            return ExitCodes.Usage;
        }

        var separation = Stopwatch.StartNew();
        IReadOnlyList<SeparatedSignals> results = console.WithProgress(
            $"Separating {Path.GetFileName(inputPath)}",
            progress => Separate(request, clip, settings, progress));
        separation.Stop();

        var files = new List<(string Path, AudioClip Clip)>(stems.Count);
        foreach (var (path, iteration, harmonic) in stems)
        {
            SeparatedSignals step = results.Single(r => r.Iteration == iteration);
            files.Add((path, new AudioClip(clip.SampleRateHz, harmonic ? step.Harmonic : step.Percussive)));
        }

        if (!WriteOutputs(files, folder, folderShown, request.Encoding, console))
        {
            return ExitCodes.OutputFailed;
        }

        wall.Stop();
        string summary = Summary(inputPath, clip, settings, request.Encoding, files, folderShown, wall.Elapsed.TotalSeconds, separation.Elapsed.TotalSeconds);
        if (request.Method != SeparationMethod.Paper)
        {
            summary = summary.Replace(" (FFT ", $" ({MethodDefaults.NameOf(request.Method)}: FFT ", StringComparison.Ordinal);
        }
        console.Output.WriteLine(request.Streaming is { } streamed ? $"{summary} [{StreamingRender.Describe(streamed, clip.SampleRateHz, settings)}]" : summary);
        return ExitCodes.Ok;
    }

    /// <summary>Reads the input and checks it holds finite audio; on failure prints one line and returns false.</summary>
    internal static bool TryReadInput(string path, CliConsole console, out AudioClip clip)
    {
        clip = new AudioClip(1, []);
        string? problem = null;
        try
        {
            if (Directory.Exists(path))
            {
                problem = $"{path}: is a folder, not a WAV file";
            }
            else if (!File.Exists(path))
            {
                problem = $"{path}: no such file";
            }
            else
            {
                clip = WavFile.Read(path);
                problem = CheckSamples(path, clip);
            }
        }
        catch (WavFormatException e)
        {
            problem = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{path}: cannot be read ({e.Message})";
        }

        if (problem is not null)
        {
            console.Error.WriteLine($"kamhp: {problem}");
            return false;
        }

        return true;
    }

    private static string? CheckSamples(string path, AudioClip clip)
    {
        if (clip.FrameCount == 0)
        {
            return $"{path}: contains no audio (0 samples)";
        }

        for (int c = 0; c < clip.ChannelCount; c++)
        {
            float[] samples = clip.Channels[c];
            for (int i = 0; i < samples.Length; i++)
            {
                if (!float.IsFinite(samples[i]))
                {
                    return Invariant($"{path}: sample {i} of channel {c + 1} is {samples[i]}; only finite samples can be separated");
                }
            }
        }

        return null;
    }

    /// <summary>Turns the request into separator settings for <paramref name="sampleRateHz"/>; false with a message if impossible.</summary>
    internal static bool TryResolveSettings(SeparateRequest request, int sampleRateHz, out KamSettings settings, out string error)
    {
        settings = new KamSettings();
        error = string.Empty;
        MethodDefaults method = MethodDefaults.For(request.Method, sampleRateHz);
        int fftSize = request.FftSize ?? method.FftSize;
        int hopSize = request.HopSize ?? (request.Method == SeparationMethod.HiRes && IsAllowedHop(fftSize, method.HopSize) ? method.HopSize : fftSize / 4);
        if (!IsAllowedHop(fftSize, hopSize))
        {
            error = Invariant($"--hop {hopSize}: must be the FFT size / 2, / 4 or / 8 ({fftSize / 2}, {fftSize / 4} or {fftSize / 8} with FFT size {fftSize} at {sampleRateHz} Hz)");
            return false;
        }

        (int defaultFrames, int defaultBins) = request.Method == SeparationMethod.Paper
            ? KernelSizes.Defaults(sampleRateHz, fftSize, hopSize)
            : (KernelSizes.HarmonicFrames(method.HarmonicKernelSeconds, sampleRateHz, hopSize), KernelSizes.PercussiveBins(method.PercussiveKernelHz, sampleRateHz, fftSize));
        int harmonicFrames = request.HarmonicKernelFrames ?? defaultFrames;
        if (request.HarmonicKernelSeconds is double seconds)
        {
            double frames = seconds * sampleRateHz / hopSize;
            if (!FitsKernel(frames))
            {
                double unit = (double)hopSize / sampleRateHz;
                error = Invariant(
                    $"--harmonic-seconds {seconds}: is {frames:0.#} frames of {hopSize} samples at {sampleRateHz} Hz; the kernel must be {KernelSizes.MinCount}..{KernelSizes.MaxCount} frames ({(KernelSizes.MinCount - 1) * unit:0.###} to {(KernelSizes.MaxCount + 1) * unit:0.###} s)");
                return false;
            }

            harmonicFrames = KernelSizes.HarmonicFrames(seconds, sampleRateHz, hopSize);
        }

        int percussiveBins = request.PercussiveKernelBins ?? defaultBins;
        if (request.PercussiveKernelHz is double widthHz)
        {
            double bins = widthHz * fftSize / sampleRateHz;
            if (!FitsKernel(bins))
            {
                double unit = (double)sampleRateHz / fftSize;
                error = Invariant(
                    $"--percussive-hz {widthHz}: is {bins:0.#} bins of {unit:0.##} Hz; the kernel must be {KernelSizes.MinCount}..{KernelSizes.MaxCount} bins ({(KernelSizes.MinCount - 1) * unit:0.#} to {(KernelSizes.MaxCount + 1) * unit:0.#} Hz)");
                return false;
            }

            percussiveBins = KernelSizes.PercussiveBins(widthHz, sampleRateHz, fftSize);
        }

        settings = new KamSettings
        {
            FftSize = fftSize,
            HopSize = hopSize,
            HarmonicKernelFrames = harmonicFrames,
            PercussiveKernelBins = percussiveBins,
            Iterations = request.Iterations,
            SpatialModel = request.SpatialModel,
        };
        try
        {
            settings.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The option validators catch these first; this keeps a request built in code honest too.
            error = e.Message.ReplaceLineEndings(" ");
            return false;
        }

        return true;
    }

    /// <summary>Chooses the separation path: the offline separator, or the streaming engine (<see cref="StreamingRender"/>).</summary>
    private static IReadOnlyList<SeparatedSignals> Separate(SeparateRequest request, AudioClip clip, KamSettings settings, IProgress<double>? progress) =>
        request.Streaming is { } streaming
            ? StreamingRender.Separate(clip, settings, streaming, progress)
            : SeparateOffline(clip, settings, request.EveryIteration, progress);

    /// <summary>The paper-exact batch separator over the whole file.</summary>
    private static IReadOnlyList<SeparatedSignals> SeparateOffline(AudioClip clip, KamSettings settings, bool everyIteration, IProgress<double>? progress) =>
        new KamOfflineSeparator(settings).Separate(clip.Channels, everyIteration, progress).Iterations;

    /// <summary>Refuses to write over the input. Output names always add a suffix, so this guards against future naming changes.</summary>
    internal static bool EnsureNotInput(IReadOnlyList<string> outputPaths, string inputPath, CliConsole console)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        string input = Path.GetFullPath(inputPath);
        foreach (string path in outputPaths)
        {
            if (string.Equals(Path.GetFullPath(path), input, comparison))
            {
                console.Error.WriteLine($"kamhp: refusing to overwrite the input {inputPath}");
                return false;
            }
        }

        return true;
    }

    private static bool WriteOutputs(List<(string Path, AudioClip Clip)> files, string folder, string folderShown, WavEncoding encoding, CliConsole console)
    {
        if (encoding != WavEncoding.Float32)
        {
            WarnAboutClipping(files, console);
        }

        try
        {
            Directory.CreateDirectory(folder);
            WavFile.WriteAll(files, encoding);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"kamhp: cannot write to {(folderShown.Length == 0 ? "." : folderShown)} ({e.Message.ReplaceLineEndings(" ")}); no output was changed");
            return false;
        }
    }

    private static void WarnAboutClipping(List<(string Path, AudioClip Clip)> files, CliConsole console)
    {
        foreach (var (path, clip) in files)
        {
            long clipped = 0;
            float peak = 0f;
            foreach (float[] channel in clip.Channels)
            {
                foreach (float sample in channel)
                {
                    float magnitude = MathF.Abs(sample);
                    peak = MathF.Max(peak, magnitude);
                    clipped += magnitude > 1f ? 1 : 0;
                }
            }

            if (clipped > 0)
            {
                console.Error.WriteLine(Invariant(
                    $"warning: {path}: {clipped} samples beyond full scale (peak {peak:0.###}) are clipped; the default float output keeps them"));
            }
        }
    }

    private static string Summary(
        string inputPath, AudioClip clip, KamSettings settings, WavEncoding encoding, List<(string Path, AudioClip Clip)> files, string folderShown, double wallSeconds, double separationSeconds)
    {
        string layout = clip.ChannelCount == 1 ? "mono" : "stereo";
        string model = settings.SpatialModel && clip.ChannelCount == 2 ? "spatial model on" : "spatial model off";
        string written = files.Count <= 2
            ? string.Join(", ", files.Select(f => f.Path))
            : Invariant($"{files.Count} files to {(folderShown.Length == 0 ? "." : folderShown)}");
        string format = encoding switch
        {
            WavEncoding.Pcm16 => "16-bit PCM",
            WavEncoding.Pcm24 => "24-bit PCM",
            WavEncoding.Pcm32 => "32-bit PCM",
            WavEncoding.Float64 => "64-bit float",
            _ => "32-bit float",
        };
        double speed = clip.DurationSeconds / Math.Max(wallSeconds, 1e-9);
        string timing = Invariant(
            $"{inputPath}: {clip.DurationSeconds:0.0##} s {layout} {clip.SampleRateHz} Hz in {wallSeconds:0.00} s wall (separation {separationSeconds:0.00} s), {speed:0.#}x real time");
        string plural = settings.Iterations == 1 ? string.Empty : "s";
        string setup = Invariant(
            $"FFT {settings.FftSize}/{settings.HopSize}, kernels {settings.HarmonicKernelFrames} frames x {settings.PercussiveKernelBins} bins, {settings.Iterations} iteration{plural}, {model}");
        return $"{timing} ({setup}) -> {written} ({format})";
    }

    private static bool IsAllowedHop(int fftSize, int hopSize) =>
        hopSize == fftSize / 2 || hopSize == fftSize / 4 || hopSize == fftSize / 8;

    /// <summary>True when an ideal kernel count rounds to an odd count within the supported range (no clamping).</summary>
    private static bool FitsKernel(double count) =>
        double.IsFinite(count) && count >= KernelSizes.MinCount - 1 && count < KernelSizes.MaxCount + 1;

    private static void CheckRange(OptionResult result, int min, int max)
    {
        if (TryValueOf(result, out int? value) && value is int v && (v < min || v > max))
        {
            result.AddError(Invariant($"{OptionName(result)} {v}: must be {min}..{max}."));
        }
    }

    private static void CheckOddKernel(OptionResult result)
    {
        if (TryValueOf(result, out int? value) && value is int v && (v < KernelSizes.MinCount || v > KernelSizes.MaxCount || v % 2 == 0))
        {
            result.AddError(Invariant($"{OptionName(result)} {v}: must be odd, {KernelSizes.MinCount}..{KernelSizes.MaxCount}."));
        }
    }

    private static void CheckPositive(OptionResult result)
    {
        if (TryValueOf(result, out double? value) && value is double v && (!double.IsFinite(v) || v <= 0))
        {
            result.AddError(Invariant($"{OptionName(result)} {v}: must be a positive number."));
        }
    }

    /// <summary>Parses an integer option, with an error that names the option instead of a .NET type.</summary>
    private static int? ParseWholeNumber(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        result.AddError($"{ParentName(result)} {text}: not a whole number.");
        return null;
    }

    /// <summary>Parses a real-valued option (invariant culture: a dot for decimals).</summary>
    private static double? ParseNumber(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }

        result.AddError($"{ParentName(result)} {text}: not a number.");
        return null;
    }

    private static string ParentName(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name ?? "value";

    private static void RejectBoth(CommandResult result, Option first, Option second)
    {
        if (result.GetResult(first) is { Implicit: false } && result.GetResult(second) is { Implicit: false })
        {
            result.AddError($"{first.Name} and {second.Name} cannot be used together.");
        }
    }

    private static string OptionName(OptionResult result) => result.Option.Name;

    /// <summary>
    /// The option's value for a validator. Validators run even when the text did not parse ("--iterations abc"),
    /// and reading the value then throws; the parser has already reported that error, so the validator skips it.
    /// </summary>
    private static bool TryValueOf<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
