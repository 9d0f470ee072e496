using System.Diagnostics;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// Synchronous <see cref="IProgress{T}"/> that timestamps every report (System's <c>Progress&lt;T&gt;</c> posts
/// reports asynchronously, which would make the timestamps meaningless) and forwards the fraction.
/// </summary>
internal sealed class StepClock(IProgress<double>? forward) : IProgress<double>
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly List<double> _seconds = [];

    /// <summary>Seconds since construction at each report, in order.</summary>
    public IReadOnlyList<double> ReportSeconds => _seconds;

    public double ElapsedSeconds => _stopwatch.Elapsed.TotalSeconds;

    public void Report(double value)
    {
        _seconds.Add(_stopwatch.Elapsed.TotalSeconds);
        forward?.Report(value);
    }
}
