using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;

namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// The processor's parameter values (normalized, table order) and their hand-over between threads.
/// <list type="bullet">
/// <item>One writer: the audio thread (automation, an adopted state), or the UI thread while the processor is inactive
/// (activation). Every write happens inside <see cref="BeginWrite"/>/<see cref="EndWrite"/>, which move a sequence
/// counter to odd and back to even; <see cref="ReadSnapshot"/> (any thread) retries until it has read all values
/// under one even counter, so a reader never sees half of an automation step or half of a loaded state.</item>
/// <item>A state loaded on the UI thread is handed over as an immutable <see cref="PluginState"/> by reference and
/// adopted by the writer at the start of its next block; readers see it at once.</item>
/// <item>The read-only <see cref="ParameterId.Latency"/> value lives apart (written by the latency negotiation from
/// either thread, one atomic double) and is never part of a state.</item>
/// </list>
/// </summary>
internal sealed class ParameterStore
{
    private static readonly int s_latency = ParameterTable.IndexOf(ParameterId.Latency);

    private readonly double[] _values = new double[ParameterTable.Count];
    private int _sequence;
    private double _latencyNormalized;
    private PluginState? _pendingState;

    /// <summary>Starts at the defaults.</summary>
    public ParameterStore()
    {
        PluginState.Default.CopyTo(_values);
        _latencyNormalized = _values[s_latency];
    }

    /// <summary>The values, for the writer thread only (others use <see cref="ReadSnapshot"/>).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Value at a table index, for the writer thread only.</summary>
    public double this[int index] => _values[index];

    /// <summary>Opens a write section (writer thread).</summary>
    public void BeginWrite() => Interlocked.Increment(ref _sequence);

    /// <summary>Writes one value; only between <see cref="BeginWrite"/> and <see cref="EndWrite"/>.</summary>
    public void Write(int index, double normalized) => Volatile.Write(ref _values[index], normalized);

    /// <summary>Closes a write section.</summary>
    public void EndWrite() => Interlocked.Increment(ref _sequence);

    /// <summary>Publishes the read-only latency value (normalized), from either thread.</summary>
    public void SetLatencyNormalized(double normalized) => Volatile.Write(ref _latencyNormalized, normalized);

    /// <summary>Hands a state to the writer (UI thread); readers see it from now on.</summary>
    public void Offer(PluginState state) => Volatile.Write(ref _pendingState, state);

    /// <summary>Adopts a state offered since the last call (writer thread). True if one was adopted.</summary>
    public bool AdoptOfferedState()
    {
        if (Volatile.Read(ref _pendingState) is null)
        {
            return false;
        }

        BeginWrite();
        var state = Interlocked.Exchange(ref _pendingState, null);
        if (state is not null)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                if (i != s_latency)
                {
                    Write(i, state[i]);
                }
            }
        }

        EndWrite();
        return state is not null;
    }

    /// <summary>A consistent copy of all values, an offered state included (any thread; spins only against a writer mid-section).</summary>
    public void ReadSnapshot(Span<double> destination)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref _sequence);
            if ((before & 1) == 0)
            {
                var pending = Volatile.Read(ref _pendingState);
                if (pending is not null)
                {
                    pending.CopyTo(destination);
                }
                else
                {
                    for (var i = 0; i < destination.Length; i++)
                    {
                        destination[i] = Volatile.Read(ref _values[i]);
                    }
                }

                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _sequence) == before)
                {
                    destination[s_latency] = Volatile.Read(ref _latencyNormalized);
                    return;
                }
            }

            spinner.SpinOnce();
        }
    }
}
