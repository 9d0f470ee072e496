using System.Globalization;
using KamHp.Dsp.Spectral;
using ScottPlot;

namespace KamHp.Cli.Plotting;

/// <summary>
/// Four stacked spectrograms with a logarithmic frequency axis: mixture, harmonic output, percussive output (power in
/// dB, channels summed, one colour scale for all three) and the harmonic mask (0..1).
/// </summary>
/// <remarks>
/// The mask shown is the effective one, recovered from the outputs: sum over channels of |H| divided by the same sum
/// of |H| + |P|, per time-frequency point of the outputs' STFT. Without the spatial model the separator applies one
/// real mask m to every channel, H = m X, P = (1 - m) X, so this is exactly m (up to STFT consistency of the
/// resynthesis); with it, the 2x2 Wiener gain has no single mask and this is its magnitude-weighted summary.
/// </remarks>
internal static class SpectrogramFigure
{
    /// <summary>Rows of the log-frequency grid.</summary>
    public const int FrequencyRows = 320;

    /// <summary>Lowest frequency shown, Hz.</summary>
    public const double LowestFrequencyHz = 30;

    /// <summary>Dynamic range of the power panels below the loudest point, dB.</summary>
    public const double DynamicRangeDb = 90;

    // Power floor before taking dB and mask denominators: far below 24-bit quantisation noise.
    private const double PowerFloor = 1e-20;

    private const int Width = 1400;
    private const int PanelHeight = 300;

    /// <summary>Draws the figure; the time axis shows [startSeconds, startSeconds + durationSeconds) (null: to the end).</summary>
    public static void Save(
        string path,
        int sampleRateHz,
        StftSettings stft,
        float[][] mix,
        float[][] harmonic,
        float[][] percussive,
        string title,
        double startSeconds = 0,
        double? durationSeconds = null)
    {
        var transform = new Stft(stft);
        double[,] mixMagnitude = Magnitude(transform.Analyze(mix), out int frames);
        double[,] harmonicMagnitude = Magnitude(transform.Analyze(harmonic), out _);
        double[,] percussiveMagnitude = Magnitude(transform.Analyze(percussive), out _);
        int bins = stft.BinCount;

        double[] rowEdgesHz = LogEdges(sampleRateHz / 2.0);
        double[,] mixDb = ToLogRowsDb(mixMagnitude, frames, bins, rowEdgesHz, sampleRateHz, stft.FftSize);
        double[,] harmonicDb = ToLogRowsDb(harmonicMagnitude, frames, bins, rowEdgesHz, sampleRateHz, stft.FftSize);
        double[,] percussiveDb = ToLogRowsDb(percussiveMagnitude, frames, bins, rowEdgesHz, sampleRateHz, stft.FftSize);
        double[,] mask = MaskRows(harmonicMagnitude, percussiveMagnitude, frames, bins, rowEdgesHz, sampleRateHz, stft.FftSize);

        double top = Math.Max(Max(mixDb), Math.Max(Max(harmonicDb), Max(percussiveDb)));
        var range = new ScottPlot.Range(top - DynamicRangeDb, top);
        double seconds = mix[0].Length / (double)sampleRateHz;
        double from = Math.Clamp(startSeconds, 0, seconds);
        double to = durationSeconds is double d ? Math.Min(seconds, from + d) : seconds;
        double hopSeconds = stft.HopSize / (double)sampleRateHz;
        // Frame t is centred on sample t*Hop - (N - Hop) + N/2.
        double firstCentre = (-(stft.FftSize - stft.HopSize) + (stft.FftSize / 2.0)) / sampleRateHz;

        var multiplot = new Multiplot();
        multiplot.AddPlots(4);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(4, 1);
        (string Name, double[,] Data, bool IsMask)[] panels =
        [
            ($"{title}: mixture (dB)", mixDb, false),
            ("harmonic output (dB)", harmonicDb, false),
            ("percussive output (dB)", percussiveDb, false),
            ("harmonic mask |H| / (|H| + |P|)", mask, true),
        ];
        for (int i = 0; i < panels.Length; i++)
        {
            Plot plot = multiplot.GetPlot(i);
            var heatmap = plot.Add.Heatmap(panels[i].Data);
            heatmap.Colormap = panels[i].IsMask ? new ScottPlot.Colormaps.Balance() : new ScottPlot.Colormaps.Magma();
            heatmap.ManualRange = panels[i].IsMask ? new ScottPlot.Range(0, 1) : range;
            heatmap.Extent = new CoordinateRect(
                firstCentre - (hopSeconds / 2),
                firstCentre + ((frames - 0.5) * hopSeconds),
                Math.Log10(rowEdgesHz[0]),
                Math.Log10(rowEdgesHz[^1]));
            plot.Add.ColorBar(heatmap);
            plot.Title(panels[i].Name, size: 14);
            plot.YLabel("frequency (Hz)", size: 12);
            plot.XLabel("time (s)", size: 12);
            plot.Axes.Left.TickGenerator = FrequencyTicks(rowEdgesHz[0], rowEdgesHz[^1]);
            plot.Axes.SetLimits(from, to, Math.Log10(rowEdgesHz[0]), Math.Log10(rowEdgesHz[^1]));
        }

        multiplot.SavePng(path, Width, PanelHeight * panels.Length);
    }

    /// <summary>Magnitude summed over channels as [frame, bin].</summary>
    private static double[,] Magnitude(Spectrogram spectrogram, out int frames)
    {
        frames = spectrogram.FrameCount;
        int bins = spectrogram.BinCount;
        var magnitude = new double[frames, bins];
        for (int c = 0; c < spectrogram.ChannelCount; c++)
        {
            float[] re = spectrogram.Real[c];
            float[] im = spectrogram.Imag[c];
            for (int t = 0; t < frames; t++)
            {
                for (int k = 0; k < bins; k++)
                {
                    int i = (t * bins) + k;
                    magnitude[t, k] += Math.Sqrt(((double)re[i] * re[i]) + ((double)im[i] * im[i]));
                }
            }
        }

        return magnitude;
    }

    private static double[] LogEdges(double nyquistHz)
    {
        var edges = new double[FrequencyRows + 1];
        double low = Math.Log(LowestFrequencyHz);
        double high = Math.Log(nyquistHz);
        for (int r = 0; r <= FrequencyRows; r++)
        {
            edges[r] = Math.Exp(low + ((high - low) * r / FrequencyRows));
        }

        return edges;
    }

    /// <summary>
    /// Mean power of the bins whose centres fall in each log-frequency row (or, for rows narrower than a bin, the
    /// bin at the row's centre), in dB; heatmap rows top to bottom = high to low frequency.
    /// </summary>
    private static double[,] ToLogRowsDb(double[,] magnitude, int frames, int bins, double[] edgesHz, int rateHz, int fftSize)
    {
        var result = new double[FrequencyRows, frames];
        for (int r = 0; r < FrequencyRows; r++)
        {
            (int from, int to) = BinRange(edgesHz[r], edgesHz[r + 1], bins, rateHz, fftSize);
            for (int t = 0; t < frames; t++)
            {
                double power = 0;
                for (int k = from; k <= to; k++)
                {
                    power += magnitude[t, k] * magnitude[t, k];
                }

                result[FrequencyRows - 1 - r, t] = 10 * Math.Log10((power / (to - from + 1)) + PowerFloor);
            }
        }

        return result;
    }

    private static double[,] MaskRows(double[,] harmonic, double[,] percussive, int frames, int bins, double[] edgesHz, int rateHz, int fftSize)
    {
        var result = new double[FrequencyRows, frames];
        for (int r = 0; r < FrequencyRows; r++)
        {
            (int from, int to) = BinRange(edgesHz[r], edgesHz[r + 1], bins, rateHz, fftSize);
            for (int t = 0; t < frames; t++)
            {
                double h = 0, total = 0;
                for (int k = from; k <= to; k++)
                {
                    h += harmonic[t, k];
                    total += harmonic[t, k] + percussive[t, k];
                }

                result[FrequencyRows - 1 - r, t] = total > PowerFloor ? h / total : double.NaN;
            }
        }

        // Silent cells have no mask and are left transparent; a wholly silent file would leave ScottPlot no value to
        // scale by (it throws), so its mask is drawn as the neutral 0.5.
        bool anyDefined = false;
        foreach (double value in result)
        {
            anyDefined |= !double.IsNaN(value);
        }

        if (!anyDefined)
        {
            for (int r = 0; r < FrequencyRows; r++)
            {
                for (int t = 0; t < frames; t++)
                {
                    result[r, t] = 0.5;
                }
            }
        }

        return result;
    }

    private static (int From, int To) BinRange(double lowHz, double highHz, int bins, int rateHz, int fftSize)
    {
        double binHz = (double)rateHz / fftSize;
        int from = (int)Math.Ceiling(lowHz / binHz);
        int to = (int)Math.Floor(highHz / binHz);
        if (to < from)
        {
            from = to = (int)Math.Round(Math.Sqrt(lowHz * highHz) / binHz);
        }

        return (Math.Clamp(from, 0, bins - 1), Math.Clamp(to, 0, bins - 1));
    }

    private static ScottPlot.TickGenerators.NumericManual FrequencyTicks(double lowHz, double highHz)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (double f in new double[] { 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000 })
        {
            if (f >= lowHz && f <= highHz)
            {
                ticks.AddMajor(Math.Log10(f), f >= 1000 ? (f / 1000).ToString(CultureInfo.InvariantCulture) + "k" : f.ToString(CultureInfo.InvariantCulture));
            }
        }

        return ticks;
    }

    private static double Max(double[,] values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
