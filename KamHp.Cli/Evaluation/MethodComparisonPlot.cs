using KamHp.Evaluation;
using ScottPlot;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// <c>methods.png</c>: per excerpt and mean, SDR, SIR and SAR of the percussive (left) and harmonic (right) outputs of
/// FitzGerald 2010 (the paper's method, 1 iteration, no spatial model), the paper's KAM (2 iterations, spatial model)
/// and the hires method (2 iterations), as grouped bars. Written when the report holds at least two of the three.
/// </summary>
internal static class MethodComparisonPlot
{
    private static readonly (string Label, Func<EvalSetting, bool> Match, Color Colour)[] s_series =
    [
        ("FitzGerald 2010 (paper, 1 it, no spatial)", s => s.Method == EvalMethod.Paper && s.Iterations == 1 && !s.Spatial, Colors.Gray),
        ("paper KAM (2 it, spatial)", s => s.Method == EvalMethod.Paper && s.Iterations == 2 && s.Spatial, Colors.Black),
        ("hires (2 it)", s => s.Method == EvalMethod.HiRes && s.Iterations == 2, Color.FromHex("#d62728")),
    ];

    public static bool Write(EvalReport report, string path)
    {
        var present = s_series
            .Select(series => (series.Label, series.Colour, Results: report.Results
                .Where(r => r.Setting.Mode == EvalMode.Offline && r.Setting.Parameters.IsEmpty && series.Match(r.Setting)).ToArray()))
            .Where(s => s.Results.Length > 0)
            .ToArray();
        if (present.Length < 2)
        {
            return false;
        }

        string[] excerpts = [.. report.Results.Select(r => r.Excerpt).Distinct()];
        (string Name, Func<BssEvalMetrics, double> Get)[] metrics = [("SDR", m => m.SdrDb), ("SIR", m => m.SirDb), ("SAR", m => m.SarDb)];
        double width = 0.8 / present.Length;
        var multiplot = MetricPanels.Create(metrics, "", (plot, row, percussive, get) =>
        {
            var levels = new List<double>();
            for (int s = 0; s < present.Length; s++)
            {
                var bars = new List<Bar>();
                for (int e = 0; e <= excerpts.Length; e++)
                {
                    EvalResult[] rows = e < excerpts.Length ? [.. present[s].Results.Where(r => r.Excerpt == excerpts[e])] : present[s].Results;
                    double value = rows.Length == 0 ? double.NaN : rows.Average(r => get(percussive ? r.Percussive : r.Harmonic));
                    if (double.IsFinite(value))
                    {
                        levels.Add(value);
                        bars.Add(new Bar { Position = e + ((s - ((present.Length - 1) / 2.0)) * width), Value = value, Size = width * 0.95, FillColor = present[s].Colour });
                    }
                }

                var plotted = plot.Add.Bars(bars);
                plotted.LegendText = present[s].Label;
            }

            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (int e = 0; e <= excerpts.Length; e++)
            {
                ticks.AddMajor(e, e < excerpts.Length ? excerpts[e].Split('_')[0] : "mean");
            }

            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.SetLimitsX(-0.6, excerpts.Length + 0.6);
            plot.Legend.FontSize = 10;
            if (row == 0 && levels.Count > 0)
            {
                // A band above the bars for the legend, so it covers none of them.
                double low = Math.Min(0, levels.Min()), high = levels.Max();
                plot.Axes.SetLimitsY(low, high + (0.6 * Math.Max(high - low, 1)));
                plot.ShowLegend(Alignment.UpperLeft);
            }
            else
            {
                plot.HideLegend();
            }
        });

        multiplot.SavePng(path, 560 * 2, 300 * metrics.Length);
        return true;
    }
}
