using AudioPlugSharp.KamHp.Parameters;
using KamHp.Dsp;

namespace AudioPlugSharp.KamHp.Processing;

/// <summary>How the latency-affecting values of two parameter sets differ.</summary>
internal enum LatencyValueChange
{
    /// <summary>No latency-affecting value differs.</summary>
    None,

    /// <summary>Only continuous ones differ (a kernel glide): see <see cref="LatencyNegotiation"/> for why they wait.</summary>
    Continuous,

    /// <summary>A stepped one differs (iterations, latency mode): one decision, one restart.</summary>
    Stepped,
}

/// <summary>
/// Parameter values to <see cref="EngineSettings"/>, driven only by the table: every <see cref="ParameterTraits.Structural"/>
/// parameter carries its <see cref="ParameterDefinition.ApplyToEngine"/> binding, and the latency-affecting set is the
/// table's <see cref="ParameterTraits.AffectsLatency"/> flag. Adding a structural parameter touches the table and
/// <see cref="EngineSettings"/>, nothing here. Every method is allocation-free (audio thread).
/// </summary>
internal static class SettingsMapper
{
    private static readonly int[] s_structural = IndicesWith(ParameterTraits.Structural);
    private static readonly int[] s_latencyAffecting = IndicesWith(ParameterTraits.AffectsLatency);

    /// <summary>Table indices of the parameters that can change the latency (from the table's flags).</summary>
    public static ReadOnlySpan<int> LatencyAffecting => s_latencyAffecting;

    /// <summary>The engine settings of a full set of normalized values (table order).</summary>
    public static EngineSettings Map(ReadOnlySpan<double> values) => Map(values, values);

    /// <summary>
    /// The engine settings of <paramref name="values"/>, except that every latency-affecting parameter takes its value
    /// from <paramref name="latencyValues"/>: the settings that apply now while a latency change waits for the host.
    /// </summary>
    public static EngineSettings Map(ReadOnlySpan<double> values, ReadOnlySpan<double> latencyValues)
    {
        var settings = new EngineSettings();
        foreach (var i in s_structural)
        {
            var definition = ParameterTable.All[i];
            var source = definition.Has(ParameterTraits.AffectsLatency) ? latencyValues : values;
            settings = definition.ApplyToEngine!(settings, definition.ToPlain(source[i]));
        }

        return settings;
    }

    /// <summary>True when every structural value is the same in both sets.</summary>
    public static bool StructuralEqual(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        foreach (var i in s_structural)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies the latency-affecting values from <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void CopyLatencyValues(ReadOnlySpan<double> source, Span<double> destination)
    {
        foreach (var i in s_latencyAffecting)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>Whether, and how, the latency-affecting values of <paramref name="values"/> differ from <paramref name="previous"/>.</summary>
    public static LatencyValueChange Compare(ReadOnlySpan<double> values, ReadOnlySpan<double> previous)
    {
        var change = LatencyValueChange.None;
        foreach (var i in s_latencyAffecting)
        {
            if (values[i] != previous[i])
            {
                if (ParameterTable.All[i].Scale == ParameterScale.Stepped)
                {
                    return LatencyValueChange.Stepped;
                }

                change = LatencyValueChange.Continuous;
            }
        }

        return change;
    }

    /// <summary>
    /// The largest latency any parameter values give at <paramref name="sampleRateHz"/>: every step of the stepped
    /// latency-affecting parameters against both ends of the continuous ones (latency is monotonic in a kernel length).
    /// Setup only (a few dozen latency computations).
    /// </summary>
    public static int MaxLatencySamples(double sampleRateHz)
    {
        Span<double> values = stackalloc double[ParameterTable.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ParameterTable.All[i].DefaultNormalized;
        }

        return MaxLatency(sampleRateHz, values, 0);
    }

    private static int MaxLatency(double sampleRateHz, Span<double> values, int depth)
    {
        if (depth == s_latencyAffecting.Length)
        {
            return KamHpEngine.ComputeLatencySamples(sampleRateHz, Map(values));
        }

        var index = s_latencyAffecting[depth];
        var definition = ParameterTable.All[index];
        var steps = definition.Scale == ParameterScale.Stepped ? definition.StepCount : 1;
        var max = 0;
        for (var k = 0; k <= steps; k++)
        {
            values[index] = steps == 0 ? 0.0 : (double)k / steps;
            max = Math.Max(max, MaxLatency(sampleRateHz, values, depth + 1));
        }

        return max;
    }

    private static int[] IndicesWith(ParameterTraits flag)
    {
        var indices = new List<int>();
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            if (ParameterTable.All[i].Has(flag))
            {
                indices.Add(i);
            }
        }

        return [.. indices];
    }
}
