using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Cli.Live;

/// <summary>
/// Parameter changes from the terminal (arrow keys) to the audio thread: a single-producer, single-consumer ring of
/// (table index, normalized value) that never blocks either side. The producer drops a request when the ring is full
/// (a key repeat the audio thread has not caught up with; the next one carries an absolute value anyway).
/// </summary>
internal sealed class ParameterRequests
{
    private const int Capacity = 64;   // a power of two

    private readonly int[] _parameters = new int[Capacity];
    private readonly double[] _values = new double[Capacity];
    private readonly int[] _lastPosition = new int[ParameterTable.Count];    // producer only: where each parameter was last posted
    private readonly double[] _lastValue = new double[ParameterTable.Count];
    private int _head;   // next slot to write; written by the producer only
    private int _tail;   // next slot to read; written by the consumer only

    /// <summary>Producer (UI thread): asks for <paramref name="parameterIndex"/> to become <paramref name="normalized"/>.</summary>
    /// <returns>False when the ring is full and the request was dropped.</returns>
    public bool Post(int parameterIndex, double normalized)
    {
        var head = _head;
        if (head - Volatile.Read(ref _tail) >= Capacity)
        {
            return false;
        }

        _parameters[head & (Capacity - 1)] = parameterIndex;
        _values[head & (Capacity - 1)] = normalized;
        _lastPosition[parameterIndex] = head + 1;
        _lastValue[parameterIndex] = normalized;
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>
    /// Producer: the value a parameter will have once the pending requests are applied: the last one posted for it if
    /// the audio thread has not taken it yet, else <paramref name="current"/>. Key repeats faster than the audio
    /// periods then add up instead of each starting from the same stale value.
    /// </summary>
    public double PendingOr(int parameterIndex, double current) =>
        _lastPosition[parameterIndex] > Volatile.Read(ref _tail) ? _lastValue[parameterIndex] : current;

    /// <summary>Consumer (audio thread): turns every pending request into a step at frame 0 of this period.</summary>
    public void Drain(ParameterSteps steps)
    {
        var tail = _tail;
        var head = Volatile.Read(ref _head);
        while (tail != head)
        {
            steps.Step(_parameters[tail & (Capacity - 1)], 0, _values[tail & (Capacity - 1)]);
            tail++;
        }

        Volatile.Write(ref _tail, tail);
    }
}
