using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;

namespace KamHp.Cli.Commands;

/// <summary>How one input of a batch went: its exit code, the message if it failed, and what was done.</summary>
internal sealed record FileResult(string Input, int ExitCode, string? Error)
{
    public AudioShape? Clip { get; init; }

    public KamSettings? Settings { get; init; }

    public IReadOnlyList<string> Outputs { get; init; } = [];

    public string? OutputFormat { get; init; }

    public double WallSeconds { get; init; }

    public double SeparationSeconds { get; init; }

    public double AudioSeconds => Clip?.DurationSeconds ?? 0;

    public static FileResult Failed(string input, int exitCode, string error) => new(input, exitCode, error);
}
