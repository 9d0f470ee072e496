using AudioPlugSharp.KamHp.Processing;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>Reads a host IParameterChanges for the plugin model; re-pointed for every process call, never allocates.</summary>
internal sealed unsafe class Vst3ParameterChanges : IParameterQueueReader
{
    private nint _changes;

    public void Attach(nint changes) => _changes = changes;

    public int QueueCount => _changes == 0 ? 0 : Math.Max(0, ParameterChangesAbi.GetParameterCount(_changes));

    public uint GetParameterId(int queueIndex)
    {
        var queue = ParameterChangesAbi.GetParameterData(_changes, queueIndex);
        return queue == 0 ? uint.MaxValue : ParamValueQueueAbi.GetParameterId(queue);
    }

    public int GetPointCount(int queueIndex)
    {
        var queue = ParameterChangesAbi.GetParameterData(_changes, queueIndex);
        return queue == 0 ? 0 : ParamValueQueueAbi.GetPointCount(queue);
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
