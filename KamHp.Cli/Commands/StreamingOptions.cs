using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using KamHp.Dsp;

namespace KamHp.Cli.Commands;

/// <summary>The options <c>--streaming</c>, <c>--latency-mode</c>, <c>--block</c>, <c>--seed</c> of <c>kamhp separate</c>.</summary>
internal sealed class StreamingOptions
{
    public Option<bool> Streaming { get; } = new("--streaming")
    {
        Description = "Render what the plugin outputs: the real-time engine fed in host-sized blocks, its latency removed so the files line up with the input.",
    };

    public Option<string?> LatencyMode { get; } = new("--latency-mode")
    {
        Description = "With --streaming: live (no look-ahead), balanced (2 frames per iteration), studio (the paper's symmetric kernels) or instant (at most 12 ms). Default: studio.",
        HelpName = "live|balanced|studio|instant",
    };

    public Option<string?> Block { get; } = new("--block")
    {
        Description = $"With --streaming: host block size in samples, 1..{StreamingRender.MaxBlockSize}, or 'random' (sizes 1..{StreamingRender.MaxRandomBlockSize} from --seed). Default: {StreamingRender.DefaultBlockSize}. The output does not depend on it.",
        HelpName = "N|random",
    };

    public Option<int?> Seed { get; } = new("--seed")
    {
        Description = "With --streaming --block random: seed of the block sizes. Default: 1.",
        HelpName = "S",
    };

    public IEnumerable<Option> All => [Streaming, LatencyMode, Block, Seed];

    /// <summary>Command-level checks: streaming-only options need --streaming; options the engine fixes are refused with it.</summary>
    public void Validate(CommandResult result, Option<int?> iterations, Option fft, Option hop, Option everyIteration)
    {
        bool streaming = result.GetResult(Streaming) is { Implicit: false };
        if (!streaming)
        {
            foreach (Option option in new Option[] { LatencyMode, Block, Seed })
            {
                if (result.GetResult(option) is { Implicit: false })
                {
                    result.AddError($"{option.Name}: only with --streaming.");
                }
            }

            return;
        }

        foreach (Option option in new[] { fft, hop, everyIteration })
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                result.AddError($"{option.Name}: not available with --streaming (the engine's frames are the method's at the sample rate: paper about 93 ms, hires 186 ms, hop about 23 ms; it outputs the last iteration only).");
            }
        }

        if (result.GetResult(iterations) is { Implicit: false } r && OptionParsing.TryValueOf(r, out int? n) && n > EngineSettings.MaxIterations)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"--iterations {n}: the streaming engine runs 1..{EngineSettings.MaxIterations}."));
        }

        if (result.GetResult(LatencyMode) is { Implicit: false } mode && OptionParsing.TryValueOf(mode, out string? text) && ParseMode(text) is null)
        {
            result.AddError($"--latency-mode {text}: must be live, balanced, studio or instant.");
        }

        if (result.GetResult(Block) is { Implicit: false } block && OptionParsing.TryValueOf(block, out string? size) && ParseBlock(size, out _) is false)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"--block {size}: must be a whole number 1..{StreamingRender.MaxBlockSize} or 'random'."));
        }
    }

    /// <summary>The request, or null when --streaming is not given. Call after validation.</summary>
    public StreamingRequest? Read(ParseResult parseResult)
    {
        if (!parseResult.GetValue(Streaming))
        {
            return null;
        }

        LatencyMode mode = ParseMode(parseResult.GetValue(LatencyMode) ?? "studio") ?? Dsp.LatencyMode.Studio;
        ParseBlock(parseResult.GetValue(Block) ?? StreamingRender.DefaultBlockSize.ToString(CultureInfo.InvariantCulture), out int? blockSize);
        return new StreamingRequest(mode, blockSize, parseResult.GetValue(Seed) ?? 1);
    }

    private static LatencyMode? ParseMode(string? text) => text?.ToLowerInvariant() switch
    {
        "live" => Dsp.LatencyMode.Live,
        "balanced" => Dsp.LatencyMode.Balanced,
        "studio" => Dsp.LatencyMode.Studio,
        "instant" => Dsp.LatencyMode.Instant,
        _ => null,
    };

    /// <summary>True and a size, true and null for "random", or false.</summary>
    private static bool ParseBlock(string? text, out int? size)
    {
        size = null;
        if (string.Equals(text, "random", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= StreamingRender.MaxBlockSize)
        {
            size = value;
            return true;
        }

        return false;
    }
}
