using System.Globalization;
using KamHp.Evaluation;
using ScottPlot;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// PNG figures of an <see cref="EvalReport"/> (means over excerpts):
/// <c>iterations.png</c>, the layout of the paper's Figures 2-5 (one row per metric, percussive left, harmonic right,
/// x = iteration, red = spatial model, black = without; NWaves as a grey dashed level; the mixture anchor is left
/// to the tables, its levels would flatten the curves), and
/// <c>latency.png</c>, quality against the streaming engine's reported latency (its latency modes).
/// </summary>
internal static class EvalPlots
{
    private const int PanelWidth = 520;
    private const int PanelHeight = 300;

    private static readonly Color s_spatial = Color.FromHex("#d62728");
    private static readonly Color s_noSpatial = Colors.Black;
    private static readonly Color s_peer = Colors.Gray;
    private static readonly bool[] s_spatialFirst = [true, false];
    private static readonly Color[] s_series = [Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"), Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Colors.Black];

    /// <summary>Writes every figure the report has data for into the folder; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(EvalReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        string iterations = Path.Combine(folder, "iterations.png");
        if (WriteIterations(report, iterations))
        {
            written.Add(iterations);
        }

        string methods = Path.Combine(folder, "methods.png");
        if (MethodComparisonPlot.Write(report, methods))
        {
            written.Add(methods);
        }

        string latency = Path.Combine(folder, "latency.png");
        if (WriteLatency(report, latency))
        {
            written.Add(latency);
        }

        return written;
    }

    /// <summary>SDR/ISR/SIR/SAR against iteration, offline KAM, spatial on and off. False if there is nothing to plot.</summary>
    public static bool WriteIterations(EvalReport report, string path)
    {
        EvalMean[] offline = [.. report.Means.Where(m => m.Setting.Method == EvalMethod.Paper && m.Setting.Mode == EvalMode.Offline && m.Setting.Parameters.IsEmpty)];
        if (offline.Length == 0)
        {
            return false;
        }

        EvalMean? peer = report.Means.FirstOrDefault(m => m.Setting.Method == EvalMethod.NWaves);
        (string Name, Func<BssEvalMetrics, double> Get)[] metrics = Metrics(report);
        var multiplot = MetricPanels.Create(metrics, "", (plot, row, percussive, get) =>
        {
            plot.XLabel("iteration", size: 12);
            var levels = new List<double>();
            foreach (bool spatial in s_spatialFirst)
            {
                EvalMean[] series = [.. offline.Where(m => m.Setting.Spatial == spatial).OrderBy(m => m.Setting.Iterations)];
                if (series.Length == 0)
                {
                    continue;
                }

                double[] xs = [.. series.Select(m => (double)m.Setting.Iterations)];
                double[] ys = [.. series.Select(m => get(percussive ? m.Percussive : m.Harmonic))];
                levels.AddRange(ys.Where(double.IsFinite));
                var line = plot.Add.Scatter(xs, ys, spatial ? s_spatial : s_noSpatial);
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.LegendText = spatial ? "KAM, spatial model" : "KAM, no spatial model";
            }

            if (peer is not null)
            {
                double level = get(percussive ? peer.Percussive : peer.Harmonic);
                if (double.IsFinite(level))
                {
                    levels.Add(level);
                    var h = plot.Add.HorizontalLine(level, 1.5f, s_peer, LinePattern.Dashed);
                    h.LegendText = "NWaves HPSS (2010)";
                }
            }

            int maxIteration = offline.Max(m => m.Setting.Iterations);
            plot.Axes.Bottom.TickGenerator = IntegerTicks(1, maxIteration);
            plot.Axes.SetLimitsX(0.5, maxIteration + 0.5);
            plot.Legend.FontSize = 10;
            if (row == 0 && levels.Count > 0)
            {
                // The legend gets a band of its own above the data (the top 35 % of the panel), so it never covers
                // a curve whatever their shape.
                double low = levels.Min(), high = levels.Max();
                double span = Math.Max(high - low, 0.5);
                plot.Axes.SetLimitsY(low - (0.08 * span), high + (0.75 * span));
                plot.ShowLegend(Alignment.UpperRight);
            }
            else
            {
                plot.HideLegend();
            }
        });

        multiplot.SavePng(path, PanelWidth * 2, PanelHeight * metrics.Length);
        return true;
    }

    /// <summary>
    /// Metrics against the reported streaming latency in ms, one line per (iterations, spatial) group through the
    /// latency modes (marker shape = mode, colour = iteration count, solid = spatial model, dashed = without).
    /// The offline separator is left out: Studio without the spatial model equals it. False without streaming results.
    /// </summary>
    public static bool WriteLatency(EvalReport report, string path, double sampleRateHz = 44100)
    {
        EvalMean[] streaming = [.. report.Means.Where(m => m.Setting.Mode == EvalMode.Streaming && m.Setting.Method == EvalMethod.Paper && m.Setting.Parameters.IsEmpty && m.LatencySamples is not null)];
        if (streaming.Length == 0)
        {
            return false;
        }

        (string Name, Func<BssEvalMetrics, double> Get)[] metrics = Metrics(report);
        int[] iterationCounts = [.. streaming.Select(m => m.Setting.Iterations).Distinct().Order()];
        bool bothSpatial = streaming.Select(m => m.Setting.Spatial).Distinct().Count() == 2;
        (int Iterations, bool Spatial)[] groups = [.. streaming.Select(m => (m.Setting.Iterations, m.Setting.Spatial)).Distinct().OrderBy(g => g.Iterations).ThenBy(g => !g.Spatial)];

        var multiplot = MetricPanels.Create(metrics, " vs latency", (plot, row, percussive, get) =>
        {
            plot.XLabel($"latency (ms)   \u25b2 live  \u25a0 balanced  \u25cf studio{(bothSpatial ? "   dashed: no spatial" : string.Empty)}", size: 11);
            for (int g = 0; g < groups.Length; g++)
            {
                var (iterations, spatial) = groups[g];
                Color color = s_series[Array.IndexOf(iterationCounts, iterations) % s_series.Length];
                EvalMean[] points = [.. streaming
                    .Where(s => s.Setting.Iterations == iterations && s.Setting.Spatial == spatial)
                    .OrderBy(s => s.LatencySamples)];
                double[] xs = [.. points.Select(m => 1000.0 * m.LatencySamples!.Value / sampleRateHz)];
                double[] ys = [.. points.Select(m => get(percussive ? m.Percussive : m.Harmonic))];
                var line = plot.Add.Scatter(xs, ys, color);
                line.LineWidth = 2;
                line.MarkerSize = 0;
                line.LinePattern = spatial ? LinePattern.Solid : LinePattern.DenselyDashed;
                if (spatial || !bothSpatial)
                {
                    line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{iterations} it");
                }

                for (int i = 0; i < points.Length; i++)
                {
                    MarkerShape shape = points[i].Setting.LatencyMode switch
                    {
                        "live" => MarkerShape.FilledTriangleUp,
                        "balanced" => MarkerShape.FilledSquare,
                        "instant" => MarkerShape.FilledDiamond,
                        _ => MarkerShape.FilledCircle,
                    };
                    plot.Add.Marker(xs[i], ys[i], shape, 9, color);
                }
            }

            plot.Legend.FontSize = 10;
            if (row == 0)
            {
                plot.ShowLegend(Alignment.LowerRight);
            }
            else
            {
                plot.HideLegend();
            }
        });

        multiplot.SavePng(path, PanelWidth * 2, (PanelHeight + 20) * metrics.Length);
        return true;
    }

    private static (string Name, Func<BssEvalMetrics, double> Get)[] Metrics(EvalReport report)
    {
        bool hasIsr = report.Results.Any(r => !double.IsNaN(r.Harmonic.IsrDb));
        return hasIsr
            ? [("SDR", m => m.SdrDb), ("ISR", m => m.IsrDb), ("SIR", m => m.SirDb), ("SAR", m => m.SarDb)]
            : [("SDR", m => m.SdrDb), ("SIR", m => m.SirDb), ("SAR", m => m.SarDb)];
    }

    private static ScottPlot.TickGenerators.NumericManual IntegerTicks(int from, int to)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = from; i <= to; i++)
        {
            ticks.AddMajor(i, i.ToString(CultureInfo.InvariantCulture));
        }

        return ticks;
    }
}
