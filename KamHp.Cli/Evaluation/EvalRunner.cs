using KamHp.Cli.Audio;
using KamHp.Evaluation;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// Separates every excerpt with every job and scores each output against its true stem. The references of an
/// excerpt are prepared once (<see cref="BssEval"/>) and shared by all settings.
/// </summary>
internal sealed class EvalRunner(IReadOnlyList<IEvalJob> jobs, string? saveOutputsFolder)
{
    /// <summary>Runs the evaluation; progress receives the overall fraction done, 0..1.</summary>
    public EvalReport Run(string corpusLabel, IReadOnlyList<CorpusExcerpt> excerpts, IProgress<double>? progress)
    {
        var results = new List<EvalResult>();
        var durations = new Dictionary<string, double>(StringComparer.Ordinal);
        var channelCounts = new HashSet<int>();
        int settingsPerExcerpt = jobs.Sum(j => j.Settings.Count);
        double stepsPerExcerpt = 1 + jobs.Count + settingsPerExcerpt;

        for (int e = 0; e < excerpts.Count; e++)
        {
            CorpusExcerpt excerpt = excerpts[e];
            double done = e * stepsPerExcerpt;
            double total = stepsPerExcerpt * excerpts.Count;
            (AudioClip mix, AudioClip harmonic, AudioClip percussive) = excerpt.Load();
            double duration = mix.Channels[0].Length / (double)mix.SampleRateHz;
            durations[excerpt.Name] = duration;
            channelCounts.Add(mix.Channels.Length);

            var eval = new BssEval([harmonic.Channels, percussive.Channels]);
            done += 1;
            progress?.Report(done / total);

            foreach (IEvalJob job in jobs)
            {
                double jobStart = done;
                var jobProgress = progress is null ? null : new InlineProgress(f => progress.Report(Math.Min(1, (jobStart + f) / total)));
                IReadOnlyList<StemSeparation> outputs = job.Separate(mix, jobProgress);
                done += 1;
                foreach (StemSeparation output in outputs)
                {
                    BssEvalMetrics h = Score(eval, 0, output.Harmonic);
                    BssEvalMetrics p = Score(eval, 1, output.Percussive);
                    results.Add(new EvalResult(excerpt.Name, output.Setting, h, p, output.Seconds, output.Seconds / duration, output.LatencySamples));
                    if (saveOutputsFolder is not null)
                    {
                        Save(saveOutputsFolder, excerpt.Name, output, mix.SampleRateHz);
                    }

                    done += 1;
                    progress?.Report(done / total);
                }
            }
        }

        progress?.Report(1);
        string metric = string.Join(" | ", channelCounts.Order().Select(c => c == 1 ? EvalReport.SourcesMetric : EvalReport.ImagesMetric));
        return new EvalReport(metric, corpusLabel, results, EvalReport.ComputeMeans(results, durations));
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

    private sealed class InlineProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
