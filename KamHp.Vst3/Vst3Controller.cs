using AudioPlugSharp.KamHp.Controller;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.State;
using KamHp.Vst3.Editor;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// The VST3 edit controller: IEditController (+ IPluginBase) and IConnectionPoint; createView opens the editor
/// (<see cref="PlugView"/>), which edits through the host and follows host changes. Parameter metadata comes from <see cref="ParameterTable"/>; values and the latency
/// restart decision from <see cref="ControllerModel"/>. UI thread only.
/// </summary>
internal sealed unsafe class Vst3Controller : ComObject, IEditController, IConnectionPoint, IEditorOwner
{
    /// <summary>
    /// Hosts that work in plain values (Ardour) need finite numbers: -inf dB is shown to them as this floor, and any
    /// plain level at or below it maps back to -inf (normalized 0).
    /// </summary>
    private const double FaderFloorDb = -120.0;

    private const int RestartLatencyChanged = 8;

    private readonly ControllerModel _model = new();
    private HostContext _hostContext;
    private nint _handler;
    private PeerConnection _peer;
    private readonly List<PlugView> _views = [];
    private long _feedToken;

    public Vst3Controller()
        : base(EditControllerAbi.Interface, ConnectionPointAbi.Interface)
    {
        EditSink = new ControllerEditSink(_model, () => _handler);
    }

    public IParameterEditSink EditSink { get; }

    public EditorFeed? EditorFeed => _feedToken != 0 && EditorFeedRegistry.TryGet(_feedToken, out var feed) ? feed : null;

    public double[] CurrentValues()
    {
        var values = new double[ParameterTable.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _model.GetNormalized((uint)ParameterTable.All[i].Id);
        }

        return values;
    }

    public void ViewClosed(PlugView view) => _views.Remove(view);

    private void ShowInViews(uint id, double normalized)
    {
        foreach (var view in _views)
        {
            view.OnHostValue(id, normalized);
        }
    }

    protected override void OnFinalRelease() => ReleaseHostReferences();

    private void ReleaseHostReferences()
    {
        Release(ref _handler);
        _peer.Release();
        _hostContext.Terminate();
    }

    private static void Release(ref nint pointer)
    {
        if (pointer != 0)
        {
            UnknownAbi.Release(pointer);
            pointer = 0;
        }
    }

    public int Initialize(nint context) => _hostContext.Initialize(context);

    public int Terminate()
    {
        ReleaseHostReferences();
        return TResult.Ok;
    }

    public int SetComponentState(nint stream)
    {
        if (stream == 0)
        {
            return TResult.InvalidArgument;
        }

        var status = StateStream.Read(stream, out var data);
        var latencyMayChange = false;
        if (status == StateReadStatus.Ok)
        {
            status = _model.SetComponentState(data, out latencyMayChange);
        }

        if (status == StateReadStatus.Ok)
        {
            foreach (var p in ParameterTable.All)
            {
                ShowInViews((uint)p.Id, _model.GetNormalized((uint)p.Id));
            }
        }

        if (latencyMayChange && _handler != 0)
        {
            Diagnostics.Trace("setComponentState: latency parameters changed, restartComponent(kLatencyChanged)");
            ComponentHandlerAbi.RestartComponent(_handler, RestartLatencyChanged);
        }

        return status == StateReadStatus.Ok ? TResult.Ok : TResult.False;
    }

    // The controller has no state of its own (no editor): nothing to read or write.
    public int SetState(nint stream) => TResult.Ok;

    public int GetState(nint stream) => TResult.Ok;

    public int GetParameterCount() => ParameterTable.Count;

    public int GetParameterInfo(int index, ParameterInfo* info)
    {
        if (info == null || index < 0 || index >= ParameterTable.Count)
        {
            return TResult.InvalidArgument;
        }

        var p = ParameterTable.All[index];
        *info = default;
        info->Id = (uint)p.Id;
        Text.WriteUtf16(p.Title, info->Title, 128);
        Text.WriteUtf16(p.ShortTitle, info->ShortTitle, 128);
        Text.WriteUtf16(p.Units, info->Units, 128);
        info->StepCount = p.StepCount;
        info->DefaultNormalizedValue = p.DefaultNormalized;
        info->UnitId = 0;
        var flags = 0;
        flags |= p.Has(ParameterTraits.Automatable) ? ParameterInfo.CanAutomate : 0;
        flags |= p.Has(ParameterTraits.ReadOnly) ? ParameterInfo.IsReadOnly : 0;
        flags |= p.Has(ParameterTraits.List) ? ParameterInfo.IsList : 0;
        flags |= p.Has(ParameterTraits.Bypass) ? ParameterInfo.IsBypass : 0;
        info->Flags = flags;
        return TResult.Ok;
    }

    private static ParameterDefinition? Find(uint id) => ParameterTable.TryGetIndex(id, out var index) ? ParameterTable.All[index] : null;

    public int GetParamStringByValue(uint id, double normalized, char* text)
    {
        var p = Find(id);
        if (p is null || text == null)
        {
            return TResult.InvalidArgument;
        }

        Span<char> display = stackalloc char[ParameterDefinition.MaxFormattedLength];
        p.TryFormat(normalized, display, out var length);
        Text.WriteUtf16(display[..length], text, 128);
        return TResult.Ok;
    }

    public int GetParamValueByString(uint id, char* text, double* normalized)
    {
        var p = Find(id);
        if (p is null || text == null || normalized == null)
        {
            return TResult.InvalidArgument;
        }

        if (!p.TryParse(Text.ReadUtf16(text, 128), out var value))
        {
            return TResult.False;
        }

        *normalized = value;
        return TResult.Ok;
    }

    public double NormalizedParamToPlain(uint id, double normalized)
    {
        var p = Find(id);
        if (p is null)
        {
            return normalized;
        }

        var plain = p.ToPlain(normalized);
        return p.Scale == ParameterScale.Fader ? Math.Max(plain, FaderFloorDb) : plain;
    }

    public double PlainParamToNormalized(uint id, double plain)
    {
        var p = Find(id);
        if (p is null)
        {
            return plain;
        }

        return p.Scale == ParameterScale.Fader && plain <= FaderFloorDb ? 0.0 : p.ToNormalized(plain);
    }

    public double GetParamNormalized(uint id) => _model.GetNormalized(id);

    public int SetParamNormalized(uint id, double normalized)
    {
        if (!_model.TrySetNormalized(id, normalized, out var restart))
        {
            return TResult.False;
        }

        ShowInViews(id, _model.GetNormalized(id));

        if (restart && _handler != 0)
        {
            Diagnostics.Trace($"restartComponent(kLatencyChanged): processor needs {ParameterTable.Get(ParameterId.Latency).ToPlain(_model.GetNormalized(id))} samples");
            ComponentHandlerAbi.RestartComponent(_handler, RestartLatencyChanged);
        }

        return TResult.Ok;
    }

    public int SetComponentHandler(nint handler)
    {
        if (handler == _handler)
        {
            return TResult.Ok;
        }

        if (handler != 0)
        {
            UnknownAbi.AddRef(handler);
        }

        if (_handler != 0)
        {
            UnknownAbi.Release(_handler);
        }

        _handler = handler;
        return TResult.Ok;
    }

    /// <summary>The editor for name "editor" (with one reference for the host), else 0.</summary>
    public nint CreateView(byte* name)
    {
        if (name == null || !Text.EqualsAscii(name, "editor"u8))
        {
            return 0;
        }

        var view = new PlugView(this);
        _views.Add(view);
        view.AddRef();
        return view.GetInterface(0);
    }

    public int Connect(nint other) => _peer.Connect(other);

    public int Disconnect(nint other) => _peer.Disconnect(other);

    public int Notify(nint message)
    {
        if (Messages.TryReadActivated(message, out var latency, out var latencyChanged, out var feedToken))
        {
            _feedToken = feedToken;
            Diagnostics.Trace($"controller: processor active with latency {latency}");
            _model.OnProcessorActivated(latency);

            // Re-activated by a setup change while active: the host still holds the old latency.
            if (latencyChanged && _handler != 0)
            {
                ComponentHandlerAbi.RestartComponent(_handler, RestartLatencyChanged);
            }
        }

        return TResult.Ok;
    }
}
