using System.Runtime.InteropServices;

namespace KamHp.Tests.Vst3.Native;

/// <summary>
/// One plug-in instance driven like a host: component + controller created from the factory, initialised with a host
/// context, connected to each other, controller synchronised from the component state, then setup/activate/process.
/// </summary>
internal sealed unsafe class PluginInstance : IDisposable
{
    public const ulong Stereo = 0x3;
    public const ulong Mono = 0x80000;
    public const int Audio = 0;
    public const int Input = 0;
    public const int Output = 1;

    private bool _active;
    private bool _disposed;

    private PluginInstance(LoadedModule module, Guid processorCid)
    {
        Application = new HostApplication();
        Handler = new HostComponentHandler();
        Check(PluginApi.CreateInstance(module.Factory, processorCid, Vst3Ids.Component, out var component), "createInstance(IComponent)");
        Component = component;
        Check(PluginApi.Initialize(Component, Application.Pointer), "component.initialize");
        Processor = Require(PluginApi.Query(Component, Vst3Ids.AudioProcessor), "IAudioProcessor");
        ContextRequirements = Require(PluginApi.Query(Component, Vst3Ids.ProcessContextRequirements), "IProcessContextRequirements");
        ComponentConnection = Require(PluginApi.Query(Component, Vst3Ids.ConnectionPoint), "component IConnectionPoint");
        ControllerClassId = PluginApi.GetControllerClassId(Component);
        Check(PluginApi.CreateInstance(module.Factory, ControllerClassId, Vst3Ids.EditController, out var controller), "createInstance(IEditController)");
        Controller = controller;
        Check(PluginApi.Initialize(Controller, Application.Pointer), "controller.initialize");
        Check(PluginApi.SetComponentHandler(Controller, Handler.Pointer), "setComponentHandler");
        ControllerConnection = Require(PluginApi.Query(Controller, Vst3Ids.ConnectionPoint), "controller IConnectionPoint");
        Check(PluginApi.Connect(ComponentConnection, ControllerConnection), "component.connect");
        Check(PluginApi.Connect(ControllerConnection, ComponentConnection), "controller.connect");
        Check(SetControllerComponentState(GetState()), "setComponentState");
    }

    public HostApplication Application { get; }

    public HostComponentHandler Handler { get; }

    public nint Component { get; }

    public nint Processor { get; }

    public nint ContextRequirements { get; }

    public nint ComponentConnection { get; }

    public nint Controller { get; }

    public nint ControllerConnection { get; }

    public Guid ControllerClassId { get; }

    public int ChannelCount { get; private set; } = 2;

    public static PluginInstance Create(LoadedModule module, Guid processorCid) => new(module, processorCid);

    /// <summary>A KamHp instance set up (stereo, aux buses on) and activated.</summary>
    public static PluginInstance CreateActive(LoadedModule module, double sampleRateHz, int maxBlockSize, bool mono = false)
    {
        var instance = new PluginInstance(module, Vst3Ids.KamHpProcessor);
        instance.Setup(sampleRateHz, maxBlockSize, mono);
        instance.Activate();
        return instance;
    }

    public static void Check(int status, string what)
    {
        if (status != Vst3Ids.ResultOk)
        {
            throw new InvalidOperationException($"{what} returned {status}");
        }
    }

    private static nint Require(nint pointer, string what) =>
        pointer != 0 ? pointer : throw new InvalidOperationException($"QueryInterface({what}) failed");

    /// <summary>Bus arrangements, aux activation and processing setup (inactive state).</summary>
    public void Setup(double sampleRateHz, int maxBlockSize, bool mono = false, bool auxiliaryOutputs = true)
    {
        var arrangement = mono ? Mono : Stereo;
        Check(PluginApi.SetBusArrangements(Processor, [arrangement], [arrangement, arrangement, arrangement]), "setBusArrangements");
        ChannelCount = mono ? 1 : 2;
        Check(PluginApi.ActivateBus(Component, Audio, Output, 1, auxiliaryOutputs), "activateBus(harmonic)");
        Check(PluginApi.ActivateBus(Component, Audio, Output, 2, auxiliaryOutputs), "activateBus(percussive)");
        Check(SetupProcessing(sampleRateHz, maxBlockSize), "setupProcessing");
    }

    /// <summary>IAudioProcessor::setupProcessing for realtime 32-bit processing.</summary>
    public int SetupProcessing(double sampleRateHz, int maxBlockSize) => PluginApi.SetupProcessing(Processor, new ProcessSetupData
    {
        ProcessMode = 0,
        SymbolicSampleSize = 0,
        MaxSamplesPerBlock = maxBlockSize,
        SampleRate = sampleRateHz,
    });

    public void Activate()
    {
        Check(PluginApi.SetActive(Component, true), "setActive(true)");
        Check(PluginApi.SetProcessing(Processor, true), "setProcessing(true)");
        _active = true;
    }

    public void Deactivate()
    {
        Check(PluginApi.SetProcessing(Processor, false), "setProcessing(false)");
        Check(PluginApi.SetActive(Component, false), "setActive(false)");
        _active = false;
    }

    public uint LatencySamples => PluginApi.GetLatencySamples(Processor);

    /// <summary>
    /// Processes [start, start + count) of planar buffers. Output buses that are null are passed as inactive buses with
    /// null channel pointers. Returns the plug-in's output parameter changes and the main bus silence flags.
    /// </summary>
    public (HostParameterChanges OutputChanges, ulong MainSilence, int Status) Process(
        float[][]? input, float[][]? main, float[][]? harmonic, float[][]? percussive, int start, int count,
        HostParameterChanges? changes = null)
    {
        var handles = new List<GCHandle>();
        var pointerBlocks = new List<nint>();
        var outputChanges = new HostParameterChanges();
        try
        {
            var inputs = stackalloc AudioBuffers[1];
            var outputs = stackalloc AudioBuffers[3];
            inputs[0] = Bus(input, start, handles, pointerBlocks);
            outputs[0] = Bus(main, start, handles, pointerBlocks);
            outputs[1] = Bus(harmonic, start, handles, pointerBlocks);
            outputs[2] = Bus(percussive, start, handles, pointerBlocks);
            var data = new ProcessDataBlock
            {
                ProcessMode = 0,
                SymbolicSampleSize = 0,
                NumSamples = count,
                NumInputs = 1,
                NumOutputs = 3,
                Inputs = inputs,
                Outputs = outputs,
                InputParameterChanges = changes?.Pointer ?? 0,
                OutputParameterChanges = outputChanges.Pointer,
            };
            var status = PluginApi.Process(Processor, &data);
            return (outputChanges, outputs[0].SilenceFlags, status);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }

            foreach (var block in pointerBlocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }

    private AudioBuffers Bus(float[][]? channels, int start, List<GCHandle> handles, List<nint> blocks)
    {
        var pointers = (float**)NativeMemory.AllocZeroed((nuint)(ChannelCount * sizeof(nint)));
        blocks.Add((nint)pointers);
        for (var c = 0; c < ChannelCount && channels is not null; c++)
        {
            var handle = GCHandle.Alloc(channels[c], GCHandleType.Pinned);
            handles.Add(handle);
            pointers[c] = (float*)handle.AddrOfPinnedObject() + start;
        }

        return new AudioBuffers { NumChannels = ChannelCount, Channels = pointers };
    }

    /// <summary>numSamples = 0 with no buffers: apply parameter changes only (a flush).</summary>
    public int Flush(HostParameterChanges? changes)
    {
        var outputChanges = new HostParameterChanges();
        var data = new ProcessDataBlock
        {
            NumSamples = 0,
            InputParameterChanges = changes?.Pointer ?? 0,
            OutputParameterChanges = outputChanges.Pointer,
        };
        return PluginApi.Process(Processor, &data);
    }

    public byte[] GetState()
    {
        var stream = new HostStream();
        Check(PluginApi.GetState(Component, stream.Pointer), "getState");
        return stream.ToArray();
    }

    public int SetState(byte[] data) => PluginApi.SetState(Component, new HostStream(data).Pointer);

    public int SetControllerComponentState(byte[] data) => PluginApi.SetComponentState(Controller, new HostStream(data).Pointer);

    /// <summary>Forwards the plug-in's output parameter values to the controller, as hosts do on their UI thread.</summary>
    public void ForwardToController(HostParameterChanges outputChanges)
    {
        foreach (var queue in outputChanges.Queues)
        {
            if (queue.Points.Count > 0)
            {
                Check(PluginApi.SetParamNormalized(Controller, queue.Id, queue.Points[^1].Value), "setParamNormalized");
            }
        }
    }

    /// <summary>Drops every interface reference without setActive(false), disconnect or terminate (a careless host).</summary>
    public void ReleaseAllWithoutShutdown()
    {
        _disposed = true;
        ReleaseInterfaces();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_active)
        {
            Deactivate();
        }

        Check(PluginApi.Disconnect(ComponentConnection, ControllerConnection), "component.disconnect");
        Check(PluginApi.Disconnect(ControllerConnection, ComponentConnection), "controller.disconnect");
        Check(PluginApi.Terminate(Controller), "controller.terminate");
        Check(PluginApi.Terminate(Component), "component.terminate");
        ReleaseInterfaces();
    }

    private void ReleaseInterfaces()
    {
        foreach (var pointer in new[] { ControllerConnection, Controller, ComponentConnection, ContextRequirements, Processor, Component })
        {
            PluginApi.Release(pointer);
        }
    }
}
