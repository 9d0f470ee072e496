using KamHp.Evaluation;

namespace KamHp.Cli.Evaluation;

/// <summary>Everything <c>kamhp eval</c> measured; serialised by <see cref="EvalReportJson"/>.</summary>
/// <param name="Metric">Which BSS Eval variant produced the figures.</param>
/// <param name="Corpus">The corpus folder as given on the command line.</param>
/// <param name="Results">One entry per excerpt and setting, excerpts in name order, settings in run order.</param>
/// <param name="Means">One entry per setting.</param>
internal sealed record EvalReport(string Metric, string Corpus, IReadOnlyList<EvalResult> Results, IReadOnlyList<EvalMean> Means)
{
    /// <summary>Description of the stereo variant (written into the JSON "metric" field).</summary>
    public const string ImagesMetric =
        "bss_eval_images: BSS Eval v3 as mir_eval 0.7 mir_eval.separation.bss_eval_images(compute_permutation=False); " +
        "whole signal, 512-tap time-invariant distortion filters; references: the true harmonic and percussive stems";

    /// <summary>Description of the mono variant.</summary>
    public const string SourcesMetric =
        "bss_eval_sources: BSS Eval v3 as mir_eval 0.7 mir_eval.separation.bss_eval_sources(compute_permutation=False); " +
        "whole signal, 512-tap time-invariant distortion filters; references: the true harmonic and percussive stems; isr null";

    /// <summary>Averages the results per setting, settings in first-appearance order.</summary>
    public static IReadOnlyList<EvalMean> ComputeMeans(IReadOnlyList<EvalResult> results, IReadOnlyDictionary<string, double> durationSeconds)
    {
        var means = new List<EvalMean>();
        foreach (IGrouping<EvalSetting, EvalResult> group in results.GroupBy(r => r.Setting))
        {
            EvalResult[] rows = [.. group];
            double totalSeconds = rows.Sum(r => r.Seconds);
            double totalAudio = rows.Sum(r => durationSeconds[r.Excerpt]);
            int?[] latencies = [.. rows.Select(r => r.LatencySamples).Distinct()];
            means.Add(new EvalMean(
                group.Key,
                rows.Length,
                Mean(rows.Select(r => r.Harmonic)),
                Mean(rows.Select(r => r.Percussive)),
                totalSeconds / rows.Length,
                totalSeconds / totalAudio,
                latencies.Length == 1 ? latencies[0] : null));
        }

        return means;
    }

    private static BssEvalMetrics Mean(IEnumerable<BssEvalMetrics> metrics)
    {
        BssEvalMetrics[] all = [.. metrics];
        return new BssEvalMetrics(
            MeanOf(all.Select(m => m.SdrDb)),
            MeanOf(all.Select(m => m.IsrDb)),
            MeanOf(all.Select(m => m.SirDb)),
            MeanOf(all.Select(m => m.SarDb)));
    }

    // A mean over dB values is only reported when every value is finite: an infinite or undefined ratio has no
    // meaningful average, and silently dropping it would bias the mean.
    private static double MeanOf(IEnumerable<double> values)
    {
        double[] all = [.. values];
        return all.All(double.IsFinite) ? all.Average() : double.NaN;
    }
}
