using System.Globalization;
using KamHp.Evaluation;
using Spectre.Console;

namespace KamHp.Cli.Evaluation;

/// <summary>Console tables of an <see cref="EvalReport"/>: one per excerpt, then the means.</summary>
internal static class EvalTables
{
    public static void Write(IAnsiConsole console, EvalReport report)
    {
        bool hasIsr = report.Results.Any(r => !double.IsNaN(r.Harmonic.IsrDb) || !double.IsNaN(r.Percussive.IsrDb));
        foreach (IGrouping<string, EvalResult> excerpt in report.Results.GroupBy(r => r.Excerpt))
        {
            Table table = NewTable(excerpt.Key, hasIsr, countColumn: false);
            foreach (EvalResult r in excerpt)
            {
                table.AddRow(Row(r.Setting, r.LatencySamples, r.Harmonic, r.Percussive, r.Seconds, r.RealTimeFactor, hasIsr, null));
            }

            console.Write(table);
        }

        Table means = NewTable("Means over excerpts (dB)", hasIsr, countColumn: true);
        foreach (EvalMean m in report.Means)
        {
            means.AddRow(Row(m.Setting, m.LatencySamples, m.Harmonic, m.Percussive, m.Seconds, m.RealTimeFactor, hasIsr, m.ExcerptCount));
        }

        console.Write(means);
        console.MarkupLine($"[grey]{Markup.Escape(report.Metric)}. H/P: harmonic/percussive output; sp/nosp: spatial model on/off; itN: iterations; (N): streaming latency in samples; s: separation seconds; RTF: s / duration.[/]");
    }

    private static Table NewTable(string title, bool hasIsr, bool countColumn)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Simple };
        table.AddColumn("setting");
        if (countColumn)
        {
            table.AddColumn(new TableColumn("n").RightAligned());
        }

        foreach (string stem in new[] { "H", "P" })
        {
            foreach (string metric in hasIsr ? new[] { "SDR", "ISR", "SIR", "SAR" } : ["SDR", "SIR", "SAR"])
            {
                table.AddColumn(new TableColumn($"{stem} {metric}").RightAligned());
            }
        }

        table.AddColumn(new TableColumn("s").RightAligned());
        table.AddColumn(new TableColumn("RTF").RightAligned());
        return table;
    }

    private static string[] Row(EvalSetting setting, int? latencySamples, BssEvalMetrics h, BssEvalMetrics p, double seconds, double rtf, bool hasIsr, int? count)
    {
        var cells = new List<string> { Markup.Escape(setting.ShortLabel + (latencySamples is int l ? string.Create(CultureInfo.InvariantCulture, $" ({l})") : string.Empty)) };
        if (count is int n)
        {
            cells.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        foreach (BssEvalMetrics m in new[] { h, p })
        {
            cells.Add(Db(m.SdrDb));
            if (hasIsr)
            {
                cells.Add(Db(m.IsrDb));
            }

            cells.Add(Db(m.SirDb));
            cells.Add(Db(m.SarDb));
        }

        cells.Add(seconds.ToString("0.00", CultureInfo.InvariantCulture));
        cells.Add(rtf.ToString("0.000", CultureInfo.InvariantCulture));
        return [.. cells];
    }

    private static string Db(double value) => double.IsFinite(value)
        ? value.ToString("0.00", CultureInfo.InvariantCulture)
        : double.IsPositiveInfinity(value) ? "inf" : "-";
}
