using System.Diagnostics;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Editor.X11;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3.Editor;

/// <summary>
/// The VST3 editor view: IPlugView (slot 0) for the platform type X11EmbedWindowID and IPlugViewContentScaleSupport
/// (slot 1). On attached it opens an <see cref="X11EditorWindow"/> inside the host's window and registers the X
/// connection and a repaint timer with the host's Linux::IRunLoop (queried from the IPlugFrame): every callback runs on
/// the host's UI thread, and the editor has no thread of its own. Sizes are physical pixels.
/// </summary>
internal sealed unsafe class PlugView : ComObject, IPlugView, IPlugViewContentScaleSupport
{
    /// <summary>Repaint and meter timer period.</summary>
    public const int TimerMilliseconds = 30;

    private static ReadOnlySpan<byte> X11EmbedWindowId => "X11EmbedWindowID"u8;

    private static bool IsX11(byte* type) => type != null && Text.EqualsAscii(type, X11EmbedWindowId);

    private readonly IEditorOwner _owner;
    private readonly Stopwatch _clock = new();
    private EditorView? _view;
    private X11EditorWindow? _window;
    private RunLoopCallback? _callback;
    private nint _frame;
    private nint _runLoop;
    private float _scale = 1f;
    private int _width;
    private int _height;

    public PlugView(IEditorOwner owner)
        : base(PlugViewAbi.Interface, PlugViewContentScaleSupportAbi.Interface)
    {
        _owner = owner;
        (_width, _height) = EditorView.DefaultPixelSize(_scale);
    }

    /// <summary>The view model while attached (for host value updates), else null.</summary>
    public EditorViewModel? Model => _view?.Model;

    protected override void OnFinalRelease()
    {
        Removed();
        SetFrame(0);
        _owner.ViewClosed(this);
    }

    /// <summary>A host-side value change (automation, preset): the control moves.</summary>
    public void OnHostValue(uint id, double normalized) => _view?.Model.SetFromHost(id, normalized);

    /// <summary>Run loop: the X connection has data.</summary>
    public void OnEvents() => _window?.ProcessEvents();

    /// <summary>Run loop: the timer fired. Takes new analysis data, handles events a host may not have signalled, repaints.</summary>
    public void OnTimer()
    {
        if (_view is null || _window is null)
        {
            return;
        }

        var elapsed = (float)_clock.Elapsed.TotalSeconds;
        _clock.Restart();
        if (!_view.HasLiveData && _owner.EditorFeed is { } feed)
        {
            _view.TryAttachFeed(feed);
        }

        _view.Tick(elapsed);
        _window.ProcessEvents();
        _window.Present();
    }

    public int IsPlatformTypeSupported(byte* type) => IsX11(type) ? TResult.Ok : TResult.False;

    public int Attached(nint parent, byte* type)
    {
        if (!IsX11(type) || parent == 0 || _window is not null)
        {
            return TResult.False;
        }

        if (_frame == 0 || Host.QueryInterface(_frame, RunLoopAbi.Iid, out var runLoop) != TResult.Ok || runLoop == 0)
        {
            Diagnostics.Trace("editor: the host's IPlugFrame has no Linux::IRunLoop");
            return TResult.False;
        }

        SkiaNativeResolver.EnsureInstalled();
        var view = new EditorView(new EditorViewModel(_owner.EditSink, _owner.CurrentValues()), _owner.EditorFeed, _scale);
        view.Model.SampleRateHz = _owner.EditorFeed?.SampleRateHz ?? 0;
        (_width, _height) = view.Resize(_width, _height);
        var window = X11EditorWindow.CreateChild(view, (nuint)parent, out var failure);
        if (window is null)
        {
            Diagnostics.Trace("editor: " + failure);
            view.Dispose();
            UnknownAbi.Release(runLoop);
            return TResult.False;
        }

        var callback = new RunLoopCallback(this);
        callback.AddRef();
        if (RunLoopAbi.RegisterEventHandler(runLoop, callback.EventHandler, window.ConnectionFileDescriptor) != TResult.Ok
            || RunLoopAbi.RegisterTimer(runLoop, callback.TimerHandler, TimerMilliseconds) != TResult.Ok)
        {
            Diagnostics.Trace("editor: the host's run loop refused the X connection or the timer");
        }

        _view = view;
        _window = window;
        _callback = callback;
        _runLoop = runLoop;
        _clock.Restart();
        window.ProcessEvents();
        return TResult.Ok;
    }

    public int Removed()
    {
        if (_callback is { } callback)
        {
            RunLoopAbi.UnregisterTimer(_runLoop, callback.TimerHandler);
            RunLoopAbi.UnregisterEventHandler(_runLoop, callback.EventHandler);
            callback.Detach();
            callback.Release();
            _callback = null;
        }

        if (_runLoop != 0)
        {
            UnknownAbi.Release(_runLoop);
            _runLoop = 0;
        }

        _window?.Dispose();
        _window = null;
        _view?.Dispose();
        _view = null;
        return TResult.Ok;
    }

    // Wheel and keys arrive through the X window itself; the host's copies are declined so that it can use them.
    public int OnWheel(float distance) => TResult.False;

    public int OnKeyDown(ushort key, short keyCode, short modifiers) => TResult.False;

    public int OnKeyUp(ushort key, short keyCode, short modifiers) => TResult.False;

    public int OnFocus(byte state) => TResult.Ok;

    public int CanResize() => TResult.Ok;

    public int GetSize(ViewRect* rect)
    {
        if (rect == null)
        {
            return TResult.InvalidArgument;
        }

        *rect = new ViewRect { Right = _width, Bottom = _height };
        return TResult.Ok;
    }

    public int OnSize(ViewRect* rect)
    {
        if (rect == null)
        {
            return TResult.InvalidArgument;
        }

        var (minWidth, minHeight) = EditorView.MinimumPixelSize(_scale);
        _width = Math.Clamp(rect->Width, minWidth, 16384);
        _height = Math.Clamp(rect->Height, minHeight, 16384);
        if (_view is not null && _window is not null)
        {
            (_width, _height) = _view.Resize(_width, _height);
            _window.SetSize(_width, _height);
            _window.Present(force: true);
        }

        return TResult.Ok;
    }

    public int CheckSizeConstraint(ViewRect* rect)
    {
        if (rect == null)
        {
            return TResult.InvalidArgument;
        }

        var (minWidth, minHeight) = EditorView.MinimumPixelSize(_scale);
        rect->Right = rect->Left + Math.Clamp(rect->Width, minWidth, 16384);
        rect->Bottom = rect->Top + Math.Clamp(rect->Height, minHeight, 16384);
        return TResult.Ok;
    }

    public int SetFrame(nint frame)
    {
        if (frame != 0)
        {
            UnknownAbi.AddRef(frame);
        }

        if (_frame != 0)
        {
            UnknownAbi.Release(_frame);
        }

        _frame = frame;
        return TResult.Ok;
    }

    public int SetContentScaleFactor(float factor)
    {
        if (!float.IsFinite(factor) || factor <= 0f)
        {
            return TResult.InvalidArgument;
        }

        var old = _scale;
        _scale = Math.Clamp(factor, 0.5f, 4f);
        if (_scale == old)
        {
            return TResult.Ok;
        }

        // Keep the logical size: while open, ask the host for the same layout at the new scale (it answers with onSize);
        // before attached, the next getSize reports it.
        var rect = new ViewRect { Right = (int)MathF.Ceiling(_width / old * _scale), Bottom = (int)MathF.Ceiling(_height / old * _scale) };
        _view?.SetContentScale(_scale);
        if (_window is not null && _frame != 0 && PlugFrameAbi.ResizeView(_frame, GetInterface(0), &rect) == TResult.Ok)
        {
            return TResult.Ok;
        }

        return OnSize(&rect);
    }
}
