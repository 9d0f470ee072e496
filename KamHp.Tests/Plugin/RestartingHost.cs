using AudioPlugSharp.KamHp.Controller;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using KamHp.Dsp;

namespace KamHp.Tests.Plugin;

/// <summary>
/// What a VST3 host and KamHp's VST3 layer do around the plugin model, without the binary interface: after every block
/// the processor's pending latency goes to the controller as the read-only Latency parameter (Vst3Processor.ReportLatency),
/// the controller decides whether to ask for a restart (ControllerModel), and the host obeys by re-activating
/// (setActive(false), setActive(true)) and telling the controller the new active latency.
/// </summary>
internal sealed class RestartingHost
{
    private static readonly ParameterDefinition s_latency = ParameterTable.Get(ParameterId.Latency);
    private int _reported = -1;

    public RestartingHost(double sampleRateHz, int blockSize, KamHpProcessor? processor = null)
    {
        SampleRateHz = sampleRateHz;
        BlockSize = blockSize;
        Processor = processor ?? new KamHpProcessor();
        Activate();
    }

    public double SampleRateHz { get; }

    public int BlockSize { get; }

    public KamHpProcessor Processor { get; }

    public ControllerModel Controller { get; } = new();

    /// <summary>Re-activations the controller asked for.</summary>
    public int Restarts { get; private set; }

    /// <summary>Processes one block, then runs the latency report and, if asked, a restart.</summary>
    public void Block(AudioBuffer input, AudioBuffer main, IParameterQueueReader? changes)
    {
        Processor.Process(input, main, default, default, BlockSize, changes);
        var pending = Processor.PendingLatencySamples;
        if (pending == _reported)
        {
            return;
        }

        _reported = pending;
        Controller.TrySetNormalized((uint)ParameterId.Latency, s_latency.ToNormalized(pending), out var restart);
        if (restart)
        {
            Restarts++;
            Processor.Deactivate();
            Activate();
        }
    }

    private void Activate()
    {
        Processor.Activate(SampleRateHz, BlockSize, 2);
        Controller.OnProcessorActivated(Processor.LatencySamples);
        _reported = -1;
    }
}
