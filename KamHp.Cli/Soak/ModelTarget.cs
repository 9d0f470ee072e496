using AudioPlugSharp.KamHp.Controller;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Cli.Soak;

/// <summary>
/// The plugin model in this process (processor and controller), wired as KamHp's VST3 layer wires them: after every
/// block the pending latency goes to the controller as the read-only Latency parameter, and when the controller asks for
/// a restart the host re-activates the processor and tells the controller the new latency.
/// </summary>
internal sealed class ModelTarget : ISoakTarget
{
    private static readonly ParameterDefinition s_latency = ParameterTable.Get(ParameterId.Latency);

    private readonly KamHpProcessor _processor = new();
    private readonly ControllerModel _controller = new();
    private readonly double _sampleRateHz;
    private readonly int _blockSize;
    private readonly float[] _mixLeft;
    private readonly float[] _mixRight;
    private readonly float[] _harmonicLeft;
    private readonly float[] _harmonicRight;
    private readonly float[] _percussiveLeft;
    private readonly float[] _percussiveRight;
    private int _reported = -1;
    private long _audioBytes;
    private long _hostBytes;

    public ModelTarget(double sampleRateHz, int blockSize)
    {
        _sampleRateHz = sampleRateHz;
        _blockSize = blockSize;
        _mixLeft = new float[blockSize];
        _mixRight = new float[blockSize];
        _harmonicLeft = new float[blockSize];
        _harmonicRight = new float[blockSize];
        _percussiveLeft = new float[blockSize];
        _percussiveRight = new float[blockSize];
        Activate();
    }

    public string Description => "plugin model in-process (KamHpProcessor + ControllerModel)";

    public long Restarts { get; private set; }

    public long AudioAllocatedBytes => _audioBytes;

    public long HostAllocatedBytes => _hostBytes;

    public void Block(ReadOnlySpan<float> left, ReadOnlySpan<float> right, IParameterQueueReader changes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        _processor.Process(new AudioBlock
        {
            InputLeft = left,
            InputRight = right,
            MainLeft = _mixLeft,
            MainRight = _mixRight,
            HarmonicLeft = _harmonicLeft,
            HarmonicRight = _harmonicRight,
            PercussiveLeft = _percussiveLeft,
            PercussiveRight = _percussiveRight,
        }, _blockSize, changes);
        var afterProcess = GC.GetAllocatedBytesForCurrentThread();
        _audioBytes += afterProcess - before;

        var pending = _processor.PendingLatencySamples;
        if (pending != _reported)
        {
            _reported = pending;
            _controller.TrySetNormalized((uint)ParameterId.Latency, s_latency.ToNormalized(pending), out var restart);
            if (restart)
            {
                Restarts++;
                _processor.Deactivate();
                Activate();
            }
        }

        _hostBytes += GC.GetAllocatedBytesForCurrentThread() - afterProcess;
    }

    public long ManagedHeapAfterFullCollection() => MemoryProbe.ManagedBytesAfterFullCollection();

    public void Dispose() => _processor.Deactivate();

    private void Activate()
    {
        _processor.Activate(_sampleRateHz, _blockSize, 2);
        _controller.OnProcessorActivated(_processor.LatencySamples);
        _reported = -1;
    }
}
