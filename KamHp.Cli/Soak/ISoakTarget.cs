using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Cli.Soak;

/// <summary>A plugin under soak, driven like a host drives it: activation, blocks, the latency report and restarts.</summary>
internal interface ISoakTarget : IDisposable
{
    /// <summary>What is soaked, for the report.</summary>
    string Description { get; }

    /// <summary>Re-activations the plugin asked for and the host made.</summary>
    long Restarts { get; }

    /// <summary>Bytes allocated on this thread by the plugin's audio path (process calls), or -1 if not measurable.</summary>
    long AudioAllocatedBytes { get; }

    /// <summary>Bytes allocated on this thread by everything else (latency report, restarts), or -1 if not measurable.</summary>
    long HostAllocatedBytes { get; }

    /// <summary>The plugin's managed heap in bytes after a full collection (for the in-process model: this process's).</summary>
    long ManagedHeapAfterFullCollection();

    /// <summary>Processes one block of stereo input with the block's parameter changes, then reports latency and restarts if asked.</summary>
    void Block(ReadOnlySpan<float> left, ReadOnlySpan<float> right, IParameterQueueReader changes);
}
