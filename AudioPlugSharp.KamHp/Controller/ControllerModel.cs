using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;

namespace AudioPlugSharp.KamHp.Controller;

/// <summary>
/// The edit controller's side, host-agnostic: a mirror of the parameter values for display and the decision when to
/// ask the host for a latency restart. UI thread only.
/// <para>
/// Latency flow. The processor learns every parameter change in its process call, computes the latency the new settings
/// need and reports it through the read-only <see cref="ParameterId.Latency"/> parameter (an output the host forwards to
/// the controller). When a reported latency differs from the latency the processor runs with, the controller asks the
/// host to restart the component (VST3 restartComponent(kLatencyChanged)); the host then re-activates the processor,
/// which adopts the new settings and latency in activation. Because the report comes from the processor after it has
/// seen the new value, a restart can never adopt stale settings. The processor tells the controller its active latency
/// after each activation (<see cref="OnProcessorActivated"/>); without that message the first report is taken as the
/// active latency.
/// </para>
/// </summary>
public sealed class ControllerModel
{
    private static readonly int s_latency = ParameterTable.IndexOf(ParameterId.Latency);

    private readonly double[] _values = new double[ParameterTable.Count];
    private int _knownActiveLatency = -1;
    private int _previousReported = -1;
    private int _lastRestartFor = -1;

    /// <summary>Starts at the defaults.</summary>
    public ControllerModel()
    {
        PluginState.Default.CopyTo(_values);
    }

    /// <summary>The latency the processor reported it runs with after its last activation, or -1 if unknown.</summary>
    public int KnownActiveLatencySamples => _knownActiveLatency;

    /// <summary>Normalized value of a raw parameter id; 0 for unknown ids.</summary>
    public double GetNormalized(uint rawId) => ParameterTable.TryGetIndex(rawId, out var index) ? _values[index] : 0.0;

    /// <summary>
    /// Stores a value coming from the host. Returns false for an unknown id. <paramref name="restartForLatency"/> is
    /// true when the host must be asked to restart the component because the processor needs a new latency.
    /// </summary>
    public bool TrySetNormalized(uint rawId, double normalized, out bool restartForLatency)
    {
        restartForLatency = false;
        if (!ParameterTable.TryGetIndex(rawId, out var index) || double.IsNaN(normalized))
        {
            return false;
        }

        _values[index] = Math.Clamp(normalized, 0.0, 1.0);
        if (index == s_latency)
        {
            restartForLatency = OnLatencyReported((int)Math.Round(ParameterTable.All[index].ToPlain(_values[index])));
        }

        return true;
    }

    /// <summary>The processor was (re-)activated with this latency.</summary>
    public void OnProcessorActivated(int latencySamples)
    {
        _knownActiveLatency = latencySamples;
        _previousReported = latencySamples;
        _lastRestartFor = -1;
        _values[s_latency] = ParameterTable.All[s_latency].ToNormalized(latencySamples);
    }

    /// <summary>
    /// Mirrors the processor's state blob (VST3 setComponentState). Transactional; the latency value is kept.
    /// <paramref name="latencyMayChange"/> is true when a parameter that can change the latency got a new value: the
    /// host should then be asked for a latency restart (the processor has the same state and reports the new latency).
    /// </summary>
    public StateReadStatus SetComponentState(ReadOnlySpan<byte> data, out bool latencyMayChange)
    {
        latencyMayChange = false;
        var status = PluginStateFormat.TryDeserialize(data, out var state);
        if (status == StateReadStatus.Ok)
        {
            for (var i = 0; i < ParameterTable.Count; i++)
            {
                latencyMayChange |= ParameterTable.All[i].Has(ParameterTraits.AffectsLatency) && state![i] != _values[i];
            }

            var latency = _values[s_latency];
            state!.CopyTo(_values);
            _values[s_latency] = latency;
        }

        return status;
    }

    private bool OnLatencyReported(int latencySamples)
    {
        bool restart;
        if (_knownActiveLatency >= 0)
        {
            restart = latencySamples != _knownActiveLatency && latencySamples != _lastRestartFor;
            if (latencySamples == _knownActiveLatency)
            {
                _lastRestartFor = -1;
            }
        }
        else
        {
            restart = _previousReported >= 0 && latencySamples != _previousReported && latencySamples != _lastRestartFor;
        }

        _previousReported = latencySamples;
        if (restart)
        {
            _lastRestartFor = latencySamples;
        }

        return restart;
    }
}
