using System.Globalization;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The separation options of one evaluated setting beyond method, mode, iterations and spatial model: the values
/// the user gave (a grid point), by option name without dashes (<c>fft</c>, <c>percussive-hz</c>, ...). Options not
/// given take the separator's defaults, exactly as in <c>kamhp separate</c>. Compared by value, so a setting is
/// one group of results whatever order the options were typed in.
/// </summary>
internal sealed class EvalParameters : IEquatable<EvalParameters>
{
    private readonly SortedDictionary<string, double> _values;

    public EvalParameters(IEnumerable<KeyValuePair<string, double>> values)
    {
        _values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, double> pair in values)
        {
            _values[pair.Key] = pair.Value;
        }

        Key = string.Join(",", _values.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:0.######}")));
    }

    /// <summary>No option given: every default.</summary>
    public static EvalParameters Empty { get; } = new([]);

    /// <summary>The given values in name order.</summary>
    public IReadOnlyDictionary<string, double> Values => _values;

    /// <summary>Canonical text, <c>fft=8192,percussive-hz=100</c>; empty when nothing was given.</summary>
    public string Key { get; }

    public bool IsEmpty => _values.Count == 0;

    public double? Get(string name) => _values.TryGetValue(name, out double value) ? value : null;

    public int? GetInt(string name) => _values.TryGetValue(name, out double value) ? (int)value : null;

    public bool Equals(EvalParameters? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as EvalParameters);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Key;
}
