using KamHp.Cli.Audio;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Cli.Commands;

/// <summary>
/// What the user asked <c>kamhp separate</c> for, as typed: null means "not given, use the default".
/// Resolved against each input's sample rate by <see cref="SeparateSettings"/>.
/// </summary>
internal sealed record SeparateRequest
{
    /// <summary>Inputs as typed: files, folders, glob patterns, or <c>-</c> for standard input.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>One input: shorthand for requests built in code (the evaluation resolves settings with no input).</summary>
    public string InputPath
    {
        get => Inputs.Count > 0 ? Inputs[0] : string.Empty;
        init => Inputs = value.Length == 0 ? [] : [value];
    }

    /// <summary>Output folder; null for each input's folder (the current folder for standard input).</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Output name template (<see cref="OutputNames"/>), relative to the output folder.</summary>
    public string NameTemplate { get; init; } = OutputNames.DefaultTemplate;

    /// <summary>Container of the outputs; null keeps the input's where writable (FLAC), else WAV.</summary>
    public AudioContainer? Format { get; init; }

    /// <summary>Replace outputs that exist (otherwise the run is refused before any work).</summary>
    public bool Force { get; init; }

    /// <summary>No summary lines and no progress; errors and warnings still go to standard error.</summary>
    public bool Quiet { get; init; }

    /// <summary>Also print remarks about the inputs (a streamed WAV read to its end).</summary>
    public bool Verbose { get; init; }

    /// <summary>Write a machine-readable summary here (<c>-</c>: standard output); null for none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The separation method; <see cref="SeparationMethod.Paper"/> is Algorithm 1 with all its options.</summary>
    public SeparationMethod Method { get; init; } = SeparationMethod.Paper;

    public int Iterations { get; init; } = 2;

    public bool SpatialModel { get; init; } = true;

    /// <summary>FFT size in samples; null for the size that keeps the paper's ~93 ms window at the input's rate.</summary>
    public int? FftSize { get; init; }

    /// <summary>Hop in samples; null for FftSize / 4.</summary>
    public int? HopSize { get; init; }

    public int? HarmonicKernelFrames { get; init; }

    public double? HarmonicKernelSeconds { get; init; }

    public int? PercussiveKernelBins { get; init; }

    public double? PercussiveKernelHz { get; init; }

    /// <summary>Also write the signals after every iteration.</summary>
    public bool EveryIteration { get; init; }

    public WavEncoding Encoding { get; init; } = WavEncoding.Float32;

    /// <summary>Render with the streaming engine (<c>--streaming</c>); null for the offline separator.</summary>
    public StreamingRequest? Streaming { get; init; }

    /// <summary>What inputs with more channels than wanted become (<c>--downmix</c>); null: more than 2 is an error.</summary>
    public DownmixTarget? Downmix { get; init; }
}
