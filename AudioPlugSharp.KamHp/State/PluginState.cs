using AudioPlugSharp.KamHp.Parameters;

namespace AudioPlugSharp.KamHp.State;

/// <summary>
/// An immutable set of normalized values, one per entry of <see cref="ParameterTable"/> (same order).
/// Handed between threads by reference, so it is never mutated after construction.
/// </summary>
public sealed class PluginState
{
    private readonly double[] _normalized;

    /// <summary>Creates a state from normalized values in table order; values are clamped to 0..1, NaN becomes the default.</summary>
    public PluginState(ReadOnlySpan<double> normalized)
    {
        if (normalized.Length != ParameterTable.Count)
        {
            throw new ArgumentException($"Expected {ParameterTable.Count} values, got {normalized.Length}.", nameof(normalized));
        }

        _normalized = new double[normalized.Length];
        for (var i = 0; i < normalized.Length; i++)
        {
            var v = normalized[i];
            _normalized[i] = double.IsNaN(v) ? ParameterTable.All[i].DefaultNormalized : Math.Clamp(v, 0.0, 1.0);
        }
    }

    /// <summary>Every parameter at its default.</summary>
    public static PluginState Default { get; } = CreateDefault();

    /// <summary>Normalized value at a table index.</summary>
    public double this[int index] => _normalized[index];

    /// <summary>Normalized value of a parameter.</summary>
    public double Get(ParameterId id) => _normalized[ParameterTable.IndexOf(id)];

    /// <summary>Plain value of a parameter.</summary>
    public double GetPlain(ParameterId id) => ParameterTable.Get(id).ToPlain(Get(id));

    /// <summary>A copy with one normalized value replaced.</summary>
    public PluginState With(ParameterId id, double normalized)
    {
        var copy = (double[])_normalized.Clone();
        copy[ParameterTable.IndexOf(id)] = normalized;
        return new PluginState(copy);
    }

    /// <summary>A copy with one plain value replaced.</summary>
    public PluginState WithPlain(ParameterId id, double plain) => With(id, ParameterTable.Get(id).ToNormalized(plain));

    /// <summary>Copies the normalized values (table order) into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<double> destination) => _normalized.CopyTo(destination);

    private static PluginState CreateDefault()
    {
        var values = new double[ParameterTable.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ParameterTable.All[i].DefaultNormalized;
        }

        return new PluginState(values);
    }
}
