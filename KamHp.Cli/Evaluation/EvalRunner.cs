using System.Diagnostics;
using System.Globalization;
using KamHp.Cli.Audio;
using KamHp.Evaluation;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// Separates every excerpt with every job and scores each output against its true stem. Excerpts run in parallel,
/// one per core; the references of an excerpt are prepared once (<see cref="BssEval"/>) and shared by its settings.
/// Each finished excerpt is announced with one line (elapsed time and an estimate of the time left).
/// </summary>
internal sealed class EvalRunner(IReadOnlyList<IEvalJob> jobs, string? saveOutputsFolder, int maxParallelism)
{
    /// <summary>Runs the evaluation; <paramref name="announce"/> receives one line per finished excerpt (any thread, serialised).</summary>
    public EvalReport Run(string corpusLabel, IReadOnlyList<CorpusExcerpt> excerpts, Action<string>? announce)
    {
        var perExcerpt = new List<EvalResult>[excerpts.Count];
        var durations = new double[excerpts.Count];
        var channelCounts = new int[excerpts.Count];
        WarmUp(excerpts[0]);
        var wall = Stopwatch.StartNew();
        int finished = 0;
        var gate = new Lock();

        Parallel.For(0, excerpts.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism) }, e =>
        {
            var clock = Stopwatch.StartNew();
            (perExcerpt[e], durations[e], channelCounts[e]) = RunExcerpt(excerpts[e]);
            lock (gate)
            {
                finished++;
                double elapsed = wall.Elapsed.TotalSeconds;
                double left = elapsed / finished * (excerpts.Count - finished);
                announce?.Invoke(string.Create(
                    CultureInfo.InvariantCulture,
                    $"[{finished}/{excerpts.Count}] {excerpts[e].Name}: {jobs.Count} setting{(jobs.Count == 1 ? string.Empty : "s")} in {clock.Elapsed.TotalSeconds:0.0} s; elapsed {elapsed:0} s, about {left:0} s left"));
            }
        });

        var results = perExcerpt.SelectMany(r => r).ToList();
        var durationByName = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int e = 0; e < excerpts.Count; e++)
        {
            durationByName[excerpts[e].Name] = durations[e];
        }

        string metric = string.Join(" | ", channelCounts.Distinct().Order().Select(c => c == 1 ? EvalReport.SourcesMetric : EvalReport.ImagesMetric));
        return new EvalReport(metric, corpusLabel, results, EvalReport.ComputeMeans(results, durationByName));
    }

    /// <summary>
    /// Runs one job of each method and mode once, untimed, on the first 2 s of an excerpt: the first run of a code path
    /// in a process includes its just-in-time compilation, which would otherwise be charged to whichever setting comes
    /// first (1 iteration then measured slower than 10).
    /// </summary>
    private void WarmUp(CorpusExcerpt excerpt)
    {
        AudioClip mix = excerpt.Load().Mix;
        int length = Math.Min(mix.FrameCount, 2 * mix.SampleRateHz);
        var slice = new AudioClip(mix.SampleRateHz, [.. mix.Channels.Select(c => c[..length])]);
        foreach (IEvalJob job in jobs.DistinctBy(j => (j.Setting.Method, j.Setting.Mode)))
        {
            _ = job.Separate(slice);
        }
    }

    private (List<EvalResult> Results, double Duration, int Channels) RunExcerpt(CorpusExcerpt excerpt)
    {
        (AudioClip mix, AudioClip harmonic, AudioClip percussive) = excerpt.Load();
        double duration = mix.Channels[0].Length / (double)mix.SampleRateHz;
        var eval = new BssEval([harmonic.Channels, percussive.Channels]);
        var results = new List<EvalResult>(jobs.Count);
        foreach (IEvalJob job in jobs)
        {
            StemSeparation output = job.Separate(mix);
            BssEvalMetrics h = Score(eval, 0, output.Harmonic);
            BssEvalMetrics p = Score(eval, 1, output.Percussive);
            results.Add(new EvalResult(excerpt.Name, output.Setting, h, p, output.Seconds, output.Seconds / duration, output.LatencySamples));
            if (saveOutputsFolder is not null)
            {
                Save(saveOutputsFolder, excerpt.Name, output, mix.SampleRateHz);
            }
        }

        return (results, duration, mix.Channels.Length);
    }

    /// <summary>Stereo: bss_eval_images; mono: bss_eval_sources (filtering not counted as distortion, no ISR).</summary>
    private static BssEvalMetrics Score(BssEval eval, int source, float[][] estimate) =>
        eval.ChannelCount == 1 ? eval.EvaluateSource(source, estimate[0]) : eval.EvaluateImage(source, estimate);

    private static void Save(string root, string excerpt, StemSeparation output, int sampleRateHz)
    {
        string folder = Path.Combine(root, output.Setting.Name, excerpt);
        Directory.CreateDirectory(folder);
        WavFile.Write(Path.Combine(folder, "harmonic.wav"), new AudioClip(sampleRateHz, output.Harmonic), WavEncoding.Float32);
        WavFile.Write(Path.Combine(folder, "percussive.wav"), new AudioClip(sampleRateHz, output.Percussive), WavEncoding.Float32);
    }
}
