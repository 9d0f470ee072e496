using KamHp.Evaluation;
using ScottPlot;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The layout every evaluation figure shares, after the paper's Figures 2-5: one row per metric, the percussive output
/// on the left and the harmonic on the right, each panel titled and its y axis in dB. The figure fills the panels.
/// </summary>
internal static class MetricPanels
{
    /// <summary>
    /// Builds the grid and calls <paramref name="draw"/> once per panel with the plot, the row (0 = first metric),
    /// whether the panel shows the percussive output, and the row's metric reader.
    /// </summary>
    public static Multiplot Create(
        (string Name, Func<BssEvalMetrics, double> Get)[] metrics,
        string titleSuffix,
        Action<Plot, int, bool, Func<BssEvalMetrics, double>> draw)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(metrics.Length * 2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(metrics.Length, 2);
        for (int row = 0; row < metrics.Length; row++)
        {
            for (int column = 0; column < 2; column++)
            {
                bool percussive = column == 0;
                Plot plot = multiplot.GetPlot((row * 2) + column);
                var (name, get) = metrics[row];
                plot.Title($"{(percussive ? "Percussive" : "Harmonic")} {name}{titleSuffix}", size: 14);
                plot.YLabel($"{name} (dB)", size: 12);
                draw(plot, row, percussive, get);
            }
        }

        return multiplot;
    }
}
