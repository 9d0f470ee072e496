using System.Runtime.InteropServices;
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
internal sealed unsafe class Vst3Controller : ComObject, IEditorOwner
{
    /// <summary>
    /// Hosts that work in plain values (Ardour) need finite numbers: -inf dB is shown to them as this floor, and any
    /// plain level at or below it maps back to -inf (normalized 0).
    /// </summary>
    private const double FaderFloorDb = -120.0;

    private const int RestartLatencyChanged = 8;

    private static readonly nint s_controllerVtable = BuildControllerVtable();
    private static readonly nint s_connectionVtable = BuildConnectionVtable();

    private readonly ControllerModel _model = new();
    private bool _initialized;
    private nint _hostContext;
    private nint _handler;
    private PeerConnection _peer;
    private readonly List<PlugView> _views = [];
    private long _feedToken;

    public Vst3Controller()
        : base([s_controllerVtable, s_connectionVtable])
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

    private nint CreateView(byte* name)
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

    protected override int InterfaceIndexOf(Guid iid)
    {
        if (iid == Iid.FUnknown || iid == Iid.PluginBase || iid == Iid.EditController)
        {
            return 0;
        }

        return iid == Iid.ConnectionPoint ? 1 : -1;
    }

    protected override void OnFinalRelease() => ReleaseHostReferences();

    private void ReleaseHostReferences()
    {
        Release(ref _handler);
        _peer.Release();
        Release(ref _hostContext);
    }

    private static void Release(ref nint pointer)
    {
        if (pointer != 0)
        {
            Host.Release(pointer);
            pointer = 0;
        }
    }

    private int Initialize(nint context)
    {
        if (_initialized)
        {
            return TResult.False;
        }

        if (context != 0)
        {
            Host.AddRef(context);
            _hostContext = context;
        }

        _initialized = true;
        return TResult.Ok;
    }

    private int Terminate()
    {
        ReleaseHostReferences();
        _initialized = false;
        return TResult.Ok;
    }

    private int SetComponentState(nint stream)
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
            Host.RestartComponent(_handler, RestartLatencyChanged);
        }

        return status == StateReadStatus.Ok ? TResult.Ok : TResult.False;
    }

    private static int GetParameterInfo(int index, ParameterInfo* info)
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

    private static int GetParamStringByValue(uint id, double normalized, char* text)
    {
        var p = Find(id);
        if (p is null || text == null)
        {
            return TResult.InvalidArgument;
        }

        Text.WriteUtf16(p.Format(normalized), text, 128);
        return TResult.Ok;
    }

    private static int GetParamValueByString(uint id, char* text, double* normalized)
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

    private static double NormalizedToPlain(uint id, double normalized)
    {
        var p = Find(id);
        if (p is null)
        {
            return normalized;
        }

        var plain = p.ToPlain(normalized);
        return p.Scale == ParameterScale.Fader ? Math.Max(plain, FaderFloorDb) : plain;
    }

    private static double PlainToNormalized(uint id, double plain)
    {
        var p = Find(id);
        if (p is null)
        {
            return plain;
        }

        return p.Scale == ParameterScale.Fader && plain <= FaderFloorDb ? 0.0 : p.ToNormalized(plain);
    }

    private int SetParamNormalized(uint id, double normalized)
    {
        if (!_model.TrySetNormalized(id, normalized, out var restart))
        {
            return TResult.False;
        }

        ShowInViews(id, _model.GetNormalized(id));

        if (restart && _handler != 0)
        {
            Diagnostics.Trace($"restartComponent(kLatencyChanged): processor needs {ParameterTable.Get(ParameterId.Latency).ToPlain(_model.GetNormalized(id))} samples");
            Host.RestartComponent(_handler, RestartLatencyChanged);
        }

        return TResult.Ok;
    }

    private int SetComponentHandler(nint handler)
    {
        if (handler == _handler)
        {
            return TResult.Ok;
        }

        if (handler != 0)
        {
            Host.AddRef(handler);
        }

        if (_handler != 0)
        {
            Host.Release(_handler);
        }

        _handler = handler;
        return TResult.Ok;
    }

    private int Connect(nint other) => _peer.Connect(other);

    private int Disconnect(nint other) => _peer.Disconnect(other);

    private int Notify(nint message)
    {
        if (Messages.TryReadActivated(message, out var latency, out var feedToken))
        {
            _feedToken = feedToken;
            Diagnostics.Trace($"controller: processor active with latency {latency}");
            _model.OnProcessorActivated(latency);
        }

        return TResult.Ok;
    }

    private static nint BuildControllerVtable()
    {
        var v = NewVtable(18);
        v[3] = (nint)(delegate* unmanaged<nint, nint, int>)&InitializeEntry;
        v[4] = (nint)(delegate* unmanaged<nint, int>)&TerminateEntry;
        v[5] = (nint)(delegate* unmanaged<nint, nint, int>)&SetComponentStateEntry;
        v[6] = (nint)(delegate* unmanaged<nint, nint, int>)&SetStateEntry;
        v[7] = (nint)(delegate* unmanaged<nint, nint, int>)&GetStateEntry;
        v[8] = (nint)(delegate* unmanaged<nint, int>)&GetParameterCountEntry;
        v[9] = (nint)(delegate* unmanaged<nint, int, ParameterInfo*, int>)&GetParameterInfoEntry;
        v[10] = (nint)(delegate* unmanaged<nint, uint, double, char*, int>)&GetParamStringByValueEntry;
        v[11] = (nint)(delegate* unmanaged<nint, uint, char*, double*, int>)&GetParamValueByStringEntry;
        v[12] = (nint)(delegate* unmanaged<nint, uint, double, double>)&NormalizedParamToPlainEntry;
        v[13] = (nint)(delegate* unmanaged<nint, uint, double, double>)&PlainParamToNormalizedEntry;
        v[14] = (nint)(delegate* unmanaged<nint, uint, double>)&GetParamNormalizedEntry;
        v[15] = (nint)(delegate* unmanaged<nint, uint, double, int>)&SetParamNormalizedEntry;
        v[16] = (nint)(delegate* unmanaged<nint, nint, int>)&SetComponentHandlerEntry;
        v[17] = (nint)(delegate* unmanaged<nint, byte*, nint>)&CreateViewEntry;
        return (nint)v;
    }

    private static nint BuildConnectionVtable()
    {
        var v = NewVtable(6);
        v[3] = (nint)(delegate* unmanaged<nint, nint, int>)&ConnectEntry;
        v[4] = (nint)(delegate* unmanaged<nint, nint, int>)&DisconnectEntry;
        v[5] = (nint)(delegate* unmanaged<nint, nint, int>)&NotifyEntry;
        return (nint)v;
    }

#pragma warning disable CA1031 // every entry point catches everything: an escaping exception would abort the host
    [UnmanagedCallersOnly]
    private static int InitializeEntry(nint self, nint context)
    {
        try
        {
            return From<Vst3Controller>(self)?.Initialize(context) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int TerminateEntry(nint self)
    {
        try
        {
            return From<Vst3Controller>(self)?.Terminate() ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetComponentStateEntry(nint self, nint stream)
    {
        try
        {
            return From<Vst3Controller>(self)?.SetComponentState(stream) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.False;
        }
    }

    // The controller has no state of its own (no editor): nothing to read or write.
    [UnmanagedCallersOnly]
    private static int SetStateEntry(nint self, nint stream) => TResult.Ok;

    [UnmanagedCallersOnly]
    private static int GetStateEntry(nint self, nint stream) => TResult.Ok;

    [UnmanagedCallersOnly]
    private static int GetParameterCountEntry(nint self) => ParameterTable.Count;

    [UnmanagedCallersOnly]
    private static int GetParameterInfoEntry(nint self, int index, ParameterInfo* info)
    {
        try
        {
            return GetParameterInfo(index, info);
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetParamStringByValueEntry(nint self, uint id, double normalized, char* text)
    {
        try
        {
            return GetParamStringByValue(id, normalized, text);
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetParamValueByStringEntry(nint self, uint id, char* text, double* normalized)
    {
        try
        {
            return GetParamValueByString(id, text, normalized);
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static double NormalizedParamToPlainEntry(nint self, uint id, double normalized)
    {
        try
        {
            return NormalizedToPlain(id, normalized);
        }
        catch (Exception)
        {
            return normalized;
        }
    }

    [UnmanagedCallersOnly]
    private static double PlainParamToNormalizedEntry(nint self, uint id, double plain)
    {
        try
        {
            return PlainToNormalized(id, plain);
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static double GetParamNormalizedEntry(nint self, uint id)
    {
        try
        {
            return From<Vst3Controller>(self)?._model.GetNormalized(id) ?? 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetParamNormalizedEntry(nint self, uint id, double normalized)
    {
        try
        {
            return From<Vst3Controller>(self)?.SetParamNormalized(id, normalized) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetComponentHandlerEntry(nint self, nint handler)
    {
        try
        {
            return From<Vst3Controller>(self)?.SetComponentHandler(handler) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static nint CreateViewEntry(nint self, byte* name)
    {
        try
        {
            return From<Vst3Controller>(self)?.CreateView(name) ?? 0;
        }
        catch (Exception e)
        {
            Diagnostics.Trace("createView failed: " + e.Message);
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static int ConnectEntry(nint self, nint other)
    {
        try
        {
            return From<Vst3Controller>(self)?.Connect(other) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int DisconnectEntry(nint self, nint other)
    {
        try
        {
            return From<Vst3Controller>(self)?.Disconnect(other) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int NotifyEntry(nint self, nint message)
    {
        try
        {
            return From<Vst3Controller>(self)?.Notify(message) ?? TResult.InvalidArgument;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }
#pragma warning restore CA1031
}
