using System.Globalization;
using System.Text;

namespace KamHp.Cli.Live;

/// <summary>
/// What <c>kamhp live</c> prints: the one-screen view on a terminal (<see cref="Screen"/>) and, when the output is not
/// a terminal, one status line every few seconds (<see cref="StatusLine"/>). Pure text from a <see cref="LiveStatus"/>.
/// </summary>
internal static class LiveView
{
    /// <summary>Meter floor: peaks below this many dBFS draw an empty bar.</summary>
    public const double MeterFloorDb = -60;

    private const int MeterWidth = 40;
    private const int BalanceHalfWidth = 20;

    /// <summary>The lines of the terminal view (without escape sequences; the caller positions them).</summary>
    public static IReadOnlyList<string> Screen(LiveStatus s)
    {
        var lines = new List<string>
        {
            Invariant($"kamhp live  ·  JACK client '{s.ClientName}'  ·  {s.SampleRateHz:0} Hz, period {s.PeriodFrames} ({s.PeriodMs:0.0} ms)"),
            "",
            Invariant($"  Balance     P {BalanceBar(s.BalancePercent)} H   {s.BalancePercent,5:+0;-0;0} %{(s.Bypass ? "   BYPASSED" : "")}"),
            Invariant($"  Levels      harmonic {s.HarmonicLevel}, percussive {s.PercussiveLevel}; output {s.Output}; bypass {(s.Bypass ? "on" : "off")}"),
            Invariant($"  Engine      {s.LatencyMode.ToLowerInvariant()} mode, {s.Iterations} iteration{(s.Iterations == 1 ? "" : "s")}; latency {s.LatencySamples} samples ({s.LatencyMs:0.0} ms)"),
            "",
            Meter("  Input     ", s.Meters.Input),
            Meter("  Harmonic  ", s.Meters.Harmonic),
            Meter("  Percussive", s.Meters.Percussive),
            Meter("  Mix out   ", s.Meters.Mix),
            "",
            Invariant($"  JACK        xruns {s.XRuns}   CPU {s.CpuLoadPercent:0.0} %   longest callback {s.MaxCallbackMs:0.00} ms of {s.PeriodMs:0.00} ms"),
            "  MIDI        " + (s.Mapping with { BalanceController = s.BalanceController }).Describe(),
            "              " + (s.Learning ? "LEARN: move the knob that should set the balance..." : "last: " + DescribeMidi(s.LastMidi)),
            "",
            "  ←/→ balance ±5 %   ↓/↑ ±1 %   c centre   b bypass   q quit",
        };
        return lines;
    }

    /// <summary>One line for logs: settings, peaks since the last line, latency, xruns and load.</summary>
    public static string StatusLine(LiveStatus s) =>
        Invariant($"kamhp live: balance {s.BalancePercent:+0;-0;0} %, H {s.HarmonicLevel}, P {s.PercussiveLevel}, bypass {(s.Bypass ? "on" : "off")}; ")
        + Invariant($"peak in {Db(s.Meters.Input)}, H {Db(s.Meters.Harmonic)}, P {Db(s.Meters.Percussive)}, out {Db(s.Meters.Mix)} dBFS; ")
        + Invariant($"latency {s.LatencySamples} samples ({s.LatencyMs:0.0} ms); xruns {s.XRuns}; CPU {s.CpuLoadPercent:0.0} %; longest callback {s.MaxCallbackMs:0.00} ms of {s.PeriodMs:0.00}")
        + (s.Learning ? "; learning the balance controller" : "");

    /// <summary>The balance as a bar from P (left, -100 %) to H (right, +100 %) with the centre marked.</summary>
    public static string BalanceBar(double percent)
    {
        var position = (int)Math.Round(Math.Clamp(percent, -100, 100) / 100.0 * BalanceHalfWidth);
        var bar = new StringBuilder("[");
        for (var i = -BalanceHalfWidth; i <= BalanceHalfWidth; i++)
        {
            bar.Append(i == position ? '●'
                : i == 0 ? '│'
                : (position < 0 && i > position && i < 0) || (position > 0 && i < position && i > 0) ? '═'
                : '·');
        }

        return bar.Append(']').ToString();
    }

    /// <summary>A peak (linear) in dBFS, "-inf" for silence.</summary>
    public static string Db(float peak) => peak > 0 && float.IsFinite(peak)
        ? (20 * Math.Log10(peak)).ToString("0.0", CultureInfo.InvariantCulture)
        : "-inf";

    private static string Meter(string label, float peak)
    {
        var db = peak > 0 ? 20 * Math.Log10(peak) : double.NegativeInfinity;
        var filled = db <= MeterFloorDb ? 0 : (int)Math.Round(Math.Min(1, (db - MeterFloorDb) / -MeterFloorDb) * MeterWidth);
        return $"{label} {new string('█', filled)}{new string('░', MeterWidth - filled)} {Db(peak),6} dBFS{(peak >= 1f ? "  CLIP" : "")}";
    }

    private static string DescribeMidi(int packed)
    {
        if (packed < 0)
        {
            return "(no MIDI received yet)";
        }

        var m = MidiMessage.Unpack(packed);
        return m.Kind switch
        {
            0xB0 => Invariant($"CC {m.Controller} = {m.Value}, channel {m.Channel}"),
            0x90 => Invariant($"note on {m.Controller} velocity {m.Value}, channel {m.Channel}"),
            0x80 => Invariant($"note off {m.Controller}, channel {m.Channel}"),
            _ => Invariant($"status 0x{m.Status:X2}, channel {m.Channel}"),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
