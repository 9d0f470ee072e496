using KamHp.Vst3.Interop;

namespace KamHp.Vst3.Editor;

/// <summary>
/// The object the host's Linux::IRunLoop calls back: IEventHandler (slot 0, the X connection became readable) and
/// ITimerHandler (slot 1, the repaint timer). Forwards to its view until <see cref="Detach"/>; after that a late call
/// from the host does nothing.
/// </summary>
internal sealed class RunLoopCallback(PlugView view) : ComObject(EventHandlerAbi.Interface, TimerHandlerAbi.Interface),
    IEventHandler, ITimerHandler
{
    private PlugView? _view = view;

    public nint EventHandler => GetInterface(0);

    public nint TimerHandler => GetInterface(1);

    public void Detach() => _view = null;

    public void OnFDIsSet(int fd) => _view?.OnEvents();

    public void OnTimer() => _view?.OnTimer();
}
