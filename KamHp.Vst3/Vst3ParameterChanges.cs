using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// Reads a host IParameterChanges for the plugin model; re-pointed for every process call, never allocates. Counts are
/// bounded: a host sends at most one queue per parameter and rarely more than one point per sample, so anything beyond
/// <see cref="MaxQueues"/> queues or twice the block plus 64 points is a lie and is not read (the audio thread would
/// otherwise call into the host billions of times).
/// </summary>
internal sealed unsafe class Vst3ParameterChanges : IParameterQueueReader
{
    /// <summary>Queues read per block: four per parameter, more than any honest host sends.</summary>
    public static readonly int MaxQueues = 4 * ParameterTable.Count;

    private nint _changes;
    private int _maxPoints;

    /// <summary>Points at the host's changes for a block of <paramref name="sampleCount"/> samples (0 to detach).</summary>
    public void Attach(nint changes, int sampleCount)
    {
        _changes = changes;
        _maxPoints = (2 * Math.Max(sampleCount, 1)) + 64;
    }

    public int QueueCount => _changes == 0 ? 0 : Math.Clamp(ParameterChangesAbi.GetParameterCount(_changes), 0, MaxQueues);

    public uint GetParameterId(int queueIndex)
    {
        var queue = ParameterChangesAbi.GetParameterData(_changes, queueIndex);
        return queue == 0 ? uint.MaxValue : ParamValueQueueAbi.GetParameterId(queue);
    }

    public int GetPointCount(int queueIndex)
    {
        var queue = ParameterChangesAbi.GetParameterData(_changes, queueIndex);
        return queue == 0 ? 0 : Math.Clamp(ParamValueQueueAbi.GetPointCount(queue), 0, _maxPoints);
    }

    public bool TryGetPoint(int queueIndex, int pointIndex, out int sampleOffset, out double normalizedValue)
    {
        var queue = ParameterChangesAbi.GetParameterData(_changes, queueIndex);
        int offset = 0;
        double value = 0;
        var ok = queue != 0 && ParamValueQueueAbi.GetPoint(queue, pointIndex, &offset, &value) == TResult.Ok;
        sampleOffset = offset;
        normalizedValue = value;
        return ok;
    }
}
