using System.Text;
using System.Text.Json;
using KamHp.Evaluation;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The JSON form of an <see cref="EvalReport"/>. Stable: fields are only ever added, never renamed or removed.
/// <code>
/// {
///   "metric": "bss_eval_images: ...",            // which BSS Eval variant (images for stereo, sources for mono)
///   "corpus": "path/as/given",
///   "results": [ {
///       "excerpt": "d01_rock_gm",
///       "method": "kam" | "hires" | "cascade" | "nwaves" | "mix",  // kam: the paper's method (--method paper); mix: the mixture as both estimates
///       "mode": "offline" | "streaming",
///       "latencyMode": null | "live" | "balanced" | "studio" | "instant",
///       "latencySamples": null | 12288,            // streaming: the reported latency the output was aligned by
///       "iterations": 2,                           // 1 for nwaves and mix
///       "spatial": true,                           // false for hires, nwaves, mix and cascade
///       "parameters": { "fft": 8192, ... },        // the grid options given for this setting ({} for defaults)
///       "harmonic":   { "sdr": 7.1234, "sir": .., "sar": .., "isr": .. },   // dB, 4 decimals
///       "percussive": { "sdr": .., "sir": .., "sar": .., "isr": .. },
///       "seconds": 1.2345,                         // separation wall-clock time (not the scoring)
///       "realTimeFactor": 0.0712                   // seconds / excerpt duration
///   } ],
///   "means": [ { same setting fields, "excerpts": 5, "harmonic": {...}, "percussive": {...},
///                "seconds": mean per excerpt, "realTimeFactor": total seconds / total duration } ]
/// }
/// </code>
/// A metric is null where it is undefined or infinite: "isr" in the mono (sources) variant, 0/0 ratios of a silent
/// output, an error energy of exactly zero, and a mean over excerpts where any excerpt's value is one of those.
/// </summary>
internal static class EvalReportJson
{
    private const int Decimals = 4;

    /// <summary>Writes the report to a file atomically (temporary file in the same folder, then rename).</summary>
    public static void Write(string path, EvalReport report)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? ".";
        string temporary = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Environment.ProcessId + ".tmp");
        try
        {
            File.WriteAllText(temporary, ToJson(report), new UTF8Encoding(false));
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public static string ToJson(EvalReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("metric", report.Metric);
            writer.WriteString("corpus", report.Corpus);
            writer.WriteStartArray("results");
            foreach (EvalResult r in report.Results)
            {
                writer.WriteStartObject();
                writer.WriteString("excerpt", r.Excerpt);
                WriteSetting(writer, r.Setting, r.LatencySamples);
                WriteMetrics(writer, "harmonic", r.Harmonic);
                WriteMetrics(writer, "percussive", r.Percussive);
                WriteNumber(writer, "seconds", r.Seconds);
                WriteNumber(writer, "realTimeFactor", r.RealTimeFactor);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("means");
            foreach (EvalMean m in report.Means)
            {
                writer.WriteStartObject();
                WriteSetting(writer, m.Setting, m.LatencySamples);
                writer.WriteNumber("excerpts", m.ExcerptCount);
                WriteMetrics(writer, "harmonic", m.Harmonic);
                WriteMetrics(writer, "percussive", m.Percussive);
                WriteNumber(writer, "seconds", m.Seconds);
                WriteNumber(writer, "realTimeFactor", m.RealTimeFactor);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads a report written by <see cref="Write"/>; throws <see cref="FormatException"/> naming the file.</summary>
    public static EvalReport Read(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = document.RootElement;
            var results = new List<EvalResult>();
            foreach (JsonElement e in root.GetProperty("results").EnumerateArray())
            {
                results.Add(new EvalResult(
                    e.GetProperty("excerpt").GetString() ?? string.Empty,
                    ReadSetting(e),
                    ReadMetrics(e.GetProperty("harmonic")),
                    ReadMetrics(e.GetProperty("percussive")),
                    ReadNumber(e.GetProperty("seconds")),
                    ReadNumber(e.GetProperty("realTimeFactor")),
                    ReadLatency(e)));
            }

            var means = new List<EvalMean>();
            foreach (JsonElement e in root.GetProperty("means").EnumerateArray())
            {
                means.Add(new EvalMean(
                    ReadSetting(e),
                    e.GetProperty("excerpts").GetInt32(),
                    ReadMetrics(e.GetProperty("harmonic")),
                    ReadMetrics(e.GetProperty("percussive")),
                    ReadNumber(e.GetProperty("seconds")),
                    ReadNumber(e.GetProperty("realTimeFactor")),
                    ReadLatency(e)));
            }

            return new EvalReport(
                root.GetProperty("metric").GetString() ?? string.Empty,
                root.TryGetProperty("corpus", out JsonElement corpus) ? corpus.GetString() ?? string.Empty : string.Empty,
                results,
                means);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"{path}: not a kamhp eval JSON report ({e.Message.Split('\n')[0]})", e);
        }
    }

    private static void WriteSetting(Utf8JsonWriter writer, EvalSetting setting, int? latencySamples)
    {
        writer.WriteString("method", setting.MethodName);
        writer.WriteString("mode", setting.ModeName);
        if (setting.LatencyMode is null)
        {
            writer.WriteNull("latencyMode");
        }
        else
        {
            writer.WriteString("latencyMode", setting.LatencyMode);
        }

        if (latencySamples is int latency)
        {
            writer.WriteNumber("latencySamples", latency);
        }
        else
        {
            writer.WriteNull("latencySamples");
        }

        writer.WriteNumber("iterations", setting.Iterations);
        writer.WriteBoolean("spatial", setting.Spatial);
        writer.WriteStartObject("parameters");
        foreach (KeyValuePair<string, double> p in setting.Parameters.Values)
        {
            writer.WriteNumber(p.Key, p.Value);
        }

        writer.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter writer, string name, BssEvalMetrics metrics)
    {
        writer.WriteStartObject(name);
        WriteNumber(writer, "sdr", metrics.SdrDb);
        WriteNumber(writer, "sir", metrics.SirDb);
        WriteNumber(writer, "sar", metrics.SarDb);
        WriteNumber(writer, "isr", metrics.IsrDb);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, Decimals));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static EvalSetting ReadSetting(JsonElement e)
    {
        string method = e.GetProperty("method").GetString() ?? string.Empty;
        string mode = e.GetProperty("mode").GetString() ?? string.Empty;
        JsonElement latency = e.GetProperty("latencyMode");
        return new EvalSetting(
            EvalMethods.Parse(method) ?? throw new FormatException($"unknown method '{method}'"),
            mode switch
            {
                "offline" => EvalMode.Offline,
                "streaming" => EvalMode.Streaming,
                _ => throw new FormatException($"unknown mode '{mode}'"),
            },
            latency.ValueKind == JsonValueKind.Null ? null : latency.GetString(),
            e.GetProperty("iterations").GetInt32(),
            e.GetProperty("spatial").GetBoolean(),
            ReadParameters(e));
    }

    private static EvalParameters ReadParameters(JsonElement e) =>
        e.TryGetProperty("parameters", out JsonElement p) && p.ValueKind == JsonValueKind.Object
            ? new EvalParameters(p.EnumerateObject().Select(v => new KeyValuePair<string, double>(v.Name, v.Value.GetDouble())))
            : EvalParameters.Empty;

    private static int? ReadLatency(JsonElement e) =>
        e.TryGetProperty("latencySamples", out JsonElement latency) && latency.ValueKind == JsonValueKind.Number ? latency.GetInt32() : null;

    private static BssEvalMetrics ReadMetrics(JsonElement e) =>
        new(ReadNumber(e.GetProperty("sdr")), ReadNumber(e.GetProperty("isr")), ReadNumber(e.GetProperty("sir")), ReadNumber(e.GetProperty("sar")));

    private static double ReadNumber(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
}
