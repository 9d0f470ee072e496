using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace KamHp.Cli.Soak;

/// <summary>Options of one soak run.</summary>
internal sealed record SoakOptions(double Hours, double ReportMinutes, double SampleRateHz, int BlockSize, int Seed);

/// <summary>
/// Drives a <see cref="ISoakTarget"/> with pink noise and <see cref="SoakAutomation"/> as fast as it runs, and prints,
/// at every report interval of audio, resident memory (and its change since the first minute of audio), the managed
/// heap after a full collection, and bytes allocated on the audio path and the host path per audio-hour; then the
/// collector's committed memory and the methods the JIT has compiled (in-process, code the JIT adds is resident memory
/// that is not the plugin's). The first line is the baseline, after the first minute of audio (the warm-up).
/// </summary>
internal static class SoakRunner
{
    private const double BaselineSeconds = 60;

    public static SoakSummary Run(ISoakTarget target, SoakOptions options, TextWriter output)
    {
        var noise = (Left: PinkNoise.Generate(10 * (int)options.SampleRateHz, options.Seed), Right: PinkNoise.Generate(10 * (int)options.SampleRateHz, options.Seed + 1));
        var automation = new SoakAutomation(options.Seed, options.SampleRateHz);
        var totalBlocks = (long)Math.Ceiling(options.Hours * 3600 * options.SampleRateHz / options.BlockSize);
        var reportBlocks = Math.Max(1, (long)Math.Round(options.ReportMinutes * 60 * options.SampleRateHz / options.BlockSize));
        var baselineBlocks = (long)Math.Ceiling(BaselineSeconds * options.SampleRateHz / options.BlockSize);
        output.WriteLine(FormattableString.Invariant(
            $"kamhp soak: {target.Description}; {options.SampleRateHz} Hz stereo pink noise, blocks of {options.BlockSize}, {options.Hours} h of audio, seed {options.Seed}"));
        output.WriteLine("automation: continuous parameters glide to a random value over 2-5 s, one stepped parameter jumps every 30 s; the host re-activates when asked");
        output.WriteLine(FormattableString.Invariant(
            $"warm-up: in the first minute every stepped parameter takes each of its values once (one every {SoakAutomation.WarmUpJumpSeconds} s), so that every code path has run before the baseline"));
        output.WriteLine("  audio h    wall s  x real   RSS MB  dRSS MB  heap MB  audio B/h   host B/h  restarts  GC MB  JIT'd");

        var clock = Stopwatch.StartNew();
        var position = 0;
        long baselineRss = 0, baselineHeap = 0, lastRss = 0, lastHeap = 0, baselineAllocated = 0;
        long audioBytesAtReport = 0, hostBytesAtReport = 0, restartsAtReport = 0, lastReportBlock = 0;
        for (long block = 1; block <= totalBlocks; block++)
        {
            automation.Next(options.BlockSize);
            if (position + options.BlockSize > noise.Left.Length)
            {
                position = 0;
            }

            target.Block(noise.Left.AsSpan(position, options.BlockSize), noise.Right.AsSpan(position, options.BlockSize), automation);
            position += options.BlockSize;
            var isBaseline = block == baselineBlocks;
            if (!isBaseline && block % reportBlocks != 0 && block != totalBlocks)
            {
                continue;
            }

            var audioHours = block * options.BlockSize / options.SampleRateHz / 3600;
            var intervalHours = (block - lastReportBlock) * options.BlockSize / options.SampleRateHz / 3600;
            lastReportBlock = block;
            lastHeap = target.ManagedHeapAfterFullCollection();
            lastRss = MemoryProbe.ResidentBytes();
            if (isBaseline || baselineRss == 0)
            {
                (baselineRss, baselineHeap, baselineAllocated) = (lastRss, lastHeap, target.AudioAllocatedBytes);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{audioHours,9:F3} {clock.Elapsed.TotalSeconds,9:F0} {audioHours * 3600 / clock.Elapsed.TotalSeconds,7:F0}x {lastRss / 1e6,8:F2} {(lastRss - baselineRss) / 1e6,+8:F2} {lastHeap / 1e6,8:F3} {PerHour(target.AudioAllocatedBytes, audioBytesAtReport, intervalHours),10} {PerHour(target.HostAllocatedBytes, hostBytesAtReport, intervalHours),10} {target.Restarts - restartsAtReport,9} {GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6,6:F2} {JitInfo.GetCompiledMethodCount(),6}"));
            if (isBaseline)
            {
                // Read again after printing, so that the report's own first run (and its JIT) is before the baseline.
                baselineRss = MemoryProbe.ResidentBytes();
            }

            audioBytesAtReport = target.AudioAllocatedBytes;
            hostBytesAtReport = target.HostAllocatedBytes;
            restartsAtReport = target.Restarts;
        }

        var summary = new SoakSummary(totalBlocks * options.BlockSize / options.SampleRateHz / 3600, lastRss - baselineRss, lastHeap - baselineHeap,
            target.AudioAllocatedBytes, target.AudioAllocatedBytes - baselineAllocated, target.Restarts, automation.Jumps);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after {summary.AudioHours:F3} h of audio: resident memory {summary.ResidentGrowthBytes / 1e6:+0.00;-0.00} MB since the first minute, managed heap {summary.ManagedGrowthBytes / 1e3:+0.0;-0.0} kB, {summary.AudioAllocatedBytes} bytes allocated by process calls, {summary.Restarts} restarts, {summary.Jumps} stepped jumps"));
        return summary;
    }

    private static string PerHour(long total, long atReport, double hours) =>
        total < 0 ? "-" : ((total - atReport) / hours).ToString("F0", CultureInfo.InvariantCulture);
}

/// <summary>What a soak found: growth from the first minute of audio to the end.</summary>
internal sealed record SoakSummary(
    double AudioHours, long ResidentGrowthBytes, long ManagedGrowthBytes, long AudioAllocatedBytes, long AllocatedAfterFirstMinuteBytes, long Restarts, long Jumps);
