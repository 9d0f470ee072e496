using System.Globalization;
using AudioPlugSharp.KamHp.Parameters;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// The editor's model of the parameter table: the normalized value of every parameter, its display text, and edits
/// as gestures (begin, one or more changes, end) sent to an <see cref="IParameterEditSink"/>. Host-side changes
/// (automation, presets) arrive through <see cref="SetFromHost"/> and never echo back to the sink. Every change bumps
/// <see cref="Revision"/> so the view knows when to redraw. UI thread only.
/// </summary>
public sealed class EditorViewModel
{
    private readonly double[] _values = new double[ParameterTable.Count];
    private readonly IParameterEditSink _sink;
    private int _gestureIndex = -1;

    /// <summary>Starts from the given normalized values (in table order) or the defaults.</summary>
    public EditorViewModel(IParameterEditSink sink, ReadOnlySpan<double> initial = default)
    {
        _sink = sink;
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = i < initial.Length ? Math.Clamp(initial[i], 0.0, 1.0) : ParameterTable.All[i].DefaultNormalized;
        }
    }

    /// <summary>Incremented on every value change, from either side.</summary>
    public int Revision { get; private set; }

    /// <summary>The parameter a gesture is editing, or null.</summary>
    public ParameterId? ActiveGesture => _gestureIndex < 0 ? null : ParameterTable.All[_gestureIndex].Id;

    /// <summary>Sample rate the processor runs at in Hz, 0 when unknown (for the latency in milliseconds).</summary>
    public double SampleRateHz { get; set; }

    /// <summary>Normalized value of <paramref name="id"/>.</summary>
    public double Get(ParameterId id) => _values[ParameterTable.IndexOf(id)];

    /// <summary>Plain value of <paramref name="id"/> in its units.</summary>
    public double GetPlain(ParameterId id) => ParameterTable.Get(id).ToPlain(Get(id));

    /// <summary>Display text with the unit ("-12.0 dB", "Studio", "35 %").</summary>
    public string Display(ParameterId id)
    {
        var p = ParameterTable.Get(id);
        var text = p.Format(Get(id));
        return p.Units.Length == 0 || p.Scale == ParameterScale.Stepped ? text : text + " " + p.Units;
    }

    /// <summary>The latency the processor reports, as "12.3 ms" (or samples when the rate is unknown).</summary>
    public string LatencyText()
    {
        var samples = GetPlain(ParameterId.Latency);
        return SampleRateHz > 0
            ? (1000.0 * samples / SampleRateHz).ToString("F1", CultureInfo.InvariantCulture) + " ms"
            : samples.ToString("F0", CultureInfo.InvariantCulture) + " smp";
    }

    /// <summary>A value from the host (automation, preset, the processor's latency report). Unknown ids and NaN are ignored.</summary>
    public void SetFromHost(uint rawId, double normalized)
    {
        if (!ParameterTable.TryGetIndex(rawId, out var index) || double.IsNaN(normalized))
        {
            return;
        }

        Store(index, normalized);
    }

    /// <summary>Starts a gesture (ends a gesture left open on another parameter first). Read-only parameters are ignored.</summary>
    public void BeginGesture(ParameterId id)
    {
        var index = ParameterTable.IndexOf(id);
        if (ParameterTable.All[index].Has(ParameterTraits.ReadOnly) || _gestureIndex == index)
        {
            return;
        }

        if (_gestureIndex >= 0)
        {
            EndGesture(ParameterTable.All[_gestureIndex].Id);
        }

        _gestureIndex = index;
        _sink.BeginEdit(id);
    }

    /// <summary>Changes the value within the open gesture on <paramref name="id"/>; sent only when it differs.</summary>
    public void Change(ParameterId id, double normalized)
    {
        var index = ParameterTable.IndexOf(id);
        if (_gestureIndex != index || double.IsNaN(normalized))
        {
            return;
        }

        var p = ParameterTable.All[index];
        var value = p.Scale == ParameterScale.Stepped ? p.ToNormalized(p.ToPlain(normalized)) : Math.Clamp(normalized, 0.0, 1.0);
        if (value != _values[index])
        {
            Store(index, value);
            _sink.PerformEdit(id, value);
        }
    }

    /// <summary>Ends the gesture on <paramref name="id"/>.</summary>
    public void EndGesture(ParameterId id)
    {
        if (_gestureIndex == ParameterTable.IndexOf(id))
        {
            _gestureIndex = -1;
            _sink.EndEdit(id);
        }
    }

    /// <summary>One complete edit (click on a list entry or toggle): begin, change, end.</summary>
    public void Set(ParameterId id, double normalized)
    {
        BeginGesture(id);
        Change(id, normalized);
        EndGesture(id);
    }

    /// <summary>Sets a stepped parameter to its step <paramref name="step"/> (0-based).</summary>
    public void SetStep(ParameterId id, int step)
    {
        var p = ParameterTable.Get(id);
        Set(id, p.ToNormalized(p.Minimum + step));
    }

    /// <summary>The current step of a stepped parameter (0-based).</summary>
    public int GetStep(ParameterId id)
    {
        var p = ParameterTable.Get(id);
        return (int)(p.ToPlain(Get(id)) - p.Minimum);
    }

    /// <summary>Back to the default value, as one gesture.</summary>
    public void ResetToDefault(ParameterId id) => Set(id, ParameterTable.Get(id).DefaultNormalized);

    private void Store(int index, double normalized)
    {
        _values[index] = Math.Clamp(normalized, 0.0, 1.0);
        Revision++;
    }
}
