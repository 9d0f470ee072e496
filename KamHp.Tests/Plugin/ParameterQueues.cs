using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Tests.Plugin;

/// <summary>A host's parameter changes for one block, built by tests.</summary>
internal sealed class ParameterQueues : IParameterQueueReader
{
    private readonly List<(uint Id, List<(int Offset, double Value)> Points)> _queues = [];

    public int QueueCount => _queues.Count;

    public ParameterQueues Add(ParameterId id, int offset, double normalized) => Add((uint)id, offset, normalized);

    public ParameterQueues AddPlain(ParameterId id, int offset, double plain) =>
        Add((uint)id, offset, ParameterTable.Get(id).ToNormalized(plain));

    public ParameterQueues Add(uint id, int offset, double normalized)
    {
        var queue = _queues.Find(q => q.Id == id);
        if (queue.Points is null)
        {
            queue = (id, []);
            _queues.Add(queue);
        }

        queue.Points.Add((offset, normalized));
        return this;
    }

    /// <summary>Adds a queue with no points (hosts do that).</summary>
    public ParameterQueues AddEmpty(ParameterId id)
    {
        _queues.Add(((uint)id, []));
        return this;
    }

    public uint GetParameterId(int queueIndex) => _queues[queueIndex].Id;

    public int GetPointCount(int queueIndex) => _queues[queueIndex].Points.Count;

    public bool TryGetPoint(int queueIndex, int pointIndex, out int sampleOffset, out double normalizedValue)
    {
        (sampleOffset, normalizedValue) = _queues[queueIndex].Points[pointIndex];
        return true;
    }
}
