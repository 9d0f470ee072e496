namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// The parameter changes of one block, as hosts deliver them: one queue per changed parameter, each a list of points
/// (sample offset within the block, normalized value) in increasing offset order. A point ends a linear segment that
/// starts at the parameter's previous value (VST3 semantics). Implementations must not allocate.
/// </summary>
public interface IParameterQueueReader
{
    /// <summary>Number of queues (0 if nothing changed).</summary>
    int QueueCount { get; }

    /// <summary>Raw parameter id of a queue.</summary>
    uint GetParameterId(int queueIndex);

    /// <summary>Number of points in a queue (may be 0).</summary>
    int GetPointCount(int queueIndex);

    /// <summary>Reads one point; false if the host refuses.</summary>
    bool TryGetPoint(int queueIndex, int pointIndex, out int sampleOffset, out double normalizedValue);
}
