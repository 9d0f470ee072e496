using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Cli.Live;

/// <summary>
/// The parameter changes of one JACK period, handed to <see cref="KamHpProcessor.Process"/> as host parameter queues,
/// so <c>kamhp live</c> drives the plugin model exactly as a VST3 host does (same splitting at change points, same gain
/// smoothing in the engine, same bypass crossfade). A MIDI control change is a step at its frame, not a ramp: in VST3
/// queue semantics a point ends a linear segment from the previous one, so every step is written as two points at the
/// same frame, the value held until then and the new value.
/// </summary>
/// <remarks>
/// Audio thread only, and allocation-free after construction: a fixed number of points per parameter and period;
/// when a parameter has more steps than that in one period the last point takes the newest value (last value wins).
/// It also mirrors the current value of every parameter it has changed, which is what the processor holds, as every
/// change after start-up goes through here.
/// </remarks>
internal sealed class ParameterSteps : IParameterQueueReader
{
    /// <summary>Points kept per parameter and period (two per step).</summary>
    public const int PointsPerParameter = 256;

    private readonly int[][] _offsets;
    private readonly double[][] _values;
    private readonly int[] _pointCounts;
    private readonly int[] _queueParameters;
    private readonly double[] _current;
    private int _queueCount;

    /// <summary>Starts from the given normalized values (table order), those the processor starts with.</summary>
    public ParameterSteps(ReadOnlySpan<double> initialValues)
    {
        var count = ParameterTable.Count;
        if (initialValues.Length != count)
        {
            throw new ArgumentException($"Expected {count} values.", nameof(initialValues));
        }

        _offsets = new int[count][];
        _values = new double[count][];
        for (var i = 0; i < count; i++)
        {
            _offsets[i] = new int[PointsPerParameter];
            _values[i] = new double[PointsPerParameter];
        }

        _pointCounts = new int[count];
        _queueParameters = new int[count];
        _current = initialValues.ToArray();
    }

    /// <inheritdoc/>
    public int QueueCount => _queueCount;

    /// <summary>The value the processor has (or will have after this period) for a table index.</summary>
    public double Current(int parameterIndex) => _current[parameterIndex];

    /// <summary>Forgets the previous period's points. Call at the start of each period.</summary>
    public void Clear()
    {
        for (var q = 0; q < _queueCount; q++)
        {
            _pointCounts[_queueParameters[q]] = 0;
        }

        _queueCount = 0;
    }

    /// <summary>
    /// Steps a parameter to <paramref name="normalized"/> (clamped to 0..1) at <paramref name="frame"/>. Frames must not
    /// decrease within a period for one parameter (they are clamped up if they do); a repeat of the current value adds nothing.
    /// </summary>
    public void Step(int parameterIndex, int frame, double normalized)
    {
        var value = Math.Clamp(normalized, 0.0, 1.0);
        if (value == _current[parameterIndex])
        {
            return;
        }

        var count = _pointCounts[parameterIndex];
        if (count == 0)
        {
            _queueParameters[_queueCount++] = parameterIndex;
        }

        var offsets = _offsets[parameterIndex];
        var values = _values[parameterIndex];
        frame = Math.Max(frame, count > 0 ? offsets[count - 1] : 0);
        if (count + 2 > PointsPerParameter)
        {
            values[count - 1] = value;
        }
        else
        {
            offsets[count] = frame;
            values[count] = _current[parameterIndex];
            offsets[count + 1] = frame;
            values[count + 1] = value;
            _pointCounts[parameterIndex] = count + 2;
        }

        _current[parameterIndex] = value;
    }

    /// <inheritdoc/>
    public uint GetParameterId(int queueIndex) => (uint)ParameterTable.All[_queueParameters[queueIndex]].Id;

    /// <inheritdoc/>
    public int GetPointCount(int queueIndex) => _pointCounts[_queueParameters[queueIndex]];

    /// <inheritdoc/>
    public bool TryGetPoint(int queueIndex, int pointIndex, out int sampleOffset, out double normalizedValue)
    {
        var parameter = _queueParameters[queueIndex];
        if ((uint)pointIndex >= (uint)_pointCounts[parameter])
        {
            sampleOffset = 0;
            normalizedValue = 0;
            return false;
        }

        sampleOffset = _offsets[parameter][pointIndex];
        normalizedValue = _values[parameter][pointIndex];
        return true;
    }
}
