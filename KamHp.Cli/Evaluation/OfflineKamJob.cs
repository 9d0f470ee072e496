using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The offline separator with the spatial model on or off, run once up to the largest requested iteration count;
/// the outputs after every requested count come from that single run.
/// </summary>
/// <remarks>
/// Timing: with one iteration count, the whole run. With several, the separator reports after each iteration's
/// kernels and after each intermediate synthesis; the time for n iterations is the time until output n, minus the
/// syntheses of the outputs before it (a run asked for n iterations would not synthesise those). If the reports do
/// not come in that pattern, the time until output n is used as is (an overestimate by the earlier syntheses).
/// </remarks>
internal sealed class OfflineKamJob : IEvalJob
{
    private readonly bool _spatial;
    private readonly int[] _iterations;

    public OfflineKamJob(bool spatial, IEnumerable<int> iterations)
    {
        _spatial = spatial;
        _iterations = [.. iterations.Distinct().Order()];
        if (_iterations.Length == 0 || _iterations[0] < 1 || _iterations[^1] > KamSettings.MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), $"Iterations must be 1..{KamSettings.MaxIterations}.");
        }

        Settings = [.. _iterations.Select(n => new EvalSetting(EvalMethod.Kam, EvalMode.Offline, null, n, spatial))];
    }

    public IReadOnlyList<EvalSetting> Settings { get; }

    public IReadOnlyList<StemSeparation> Separate(AudioClip mix, IProgress<double>? progress)
    {
        int maxIterations = _iterations[^1];
        bool everyIteration = _iterations.Length > 1;
        KamSettings settings = EvalDefaults.Kam(mix.SampleRateHz, maxIterations, _spatial);
        var clock = new StepClock(progress);
        SeparationResult result = new KamOfflineSeparator(settings).Separate(mix.Channels, everyIteration, clock);
        double total = clock.ElapsedSeconds;

        var outputs = new List<StemSeparation>(_iterations.Length);
        foreach (EvalSetting setting in Settings)
        {
            SeparatedSignals signals = result.Iterations.Single(s => s.Iteration == setting.Iterations);
            double seconds = everyIteration ? SecondsFor(setting.Iterations, clock.ReportSeconds, maxIterations) ?? total : total;
            outputs.Add(new StemSeparation(setting, signals.Harmonic, signals.Percussive, seconds, null));
        }

        return outputs;
    }

    private static double? SecondsFor(int iterations, IReadOnlyList<double> reports, int maxIterations)
    {
        // Expected pattern with every iteration: [kernels 1, output 1, kernels 2, output 2, ...].
        if (reports.Count != 2 * maxIterations)
        {
            return null;
        }

        double seconds = reports[(2 * iterations) - 1];
        for (int k = 1; k < iterations; k++)
        {
            seconds -= reports[(2 * k) - 1] - reports[(2 * k) - 2];
        }

        return seconds;
    }
}
