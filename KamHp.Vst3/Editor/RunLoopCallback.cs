using System.Runtime.InteropServices;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3.Editor;

/// <summary>
/// The object the host's Linux::IRunLoop calls back: IEventHandler (slot 0, the X connection became readable) and
/// ITimerHandler (slot 1, the repaint timer). Forwards to its view until <see cref="Detach"/>; after that a late call
/// from the host does nothing.
/// </summary>
internal sealed unsafe class RunLoopCallback : ComObject
{
    private static readonly nint s_eventVtable = BuildVtable(&OnFileDescriptorEntry);
    private static readonly nint s_timerVtable = BuildVtable(&OnTimerEntry);

    private PlugView? _view;

    public RunLoopCallback(PlugView view)
        : base([s_eventVtable, s_timerVtable]) => _view = view;

    public nint EventHandler => GetInterface(0);

    public nint TimerHandler => GetInterface(1);

    public void Detach() => _view = null;

    protected override int InterfaceIndexOf(Guid iid)
    {
        if (iid == Iid.FUnknown || iid == EditorIids.EventHandler)
        {
            return 0;
        }

        return iid == EditorIids.TimerHandler ? 1 : -1;
    }

    private static nint BuildVtable(delegate* unmanaged<nint, int, void> method)
    {
        var v = NewVtable(4);
        v[3] = (nint)method;
        return (nint)v;
    }

    private static nint BuildVtable(delegate* unmanaged<nint, void> method)
    {
        var v = NewVtable(4);
        v[3] = (nint)method;
        return (nint)v;
    }

#pragma warning disable CA1031 // every entry point catches everything: an escaping exception would abort the host
    [UnmanagedCallersOnly]
    private static void OnFileDescriptorEntry(nint self, int fd)
    {
        try
        {
            From<RunLoopCallback>(self)?._view?.OnEvents();
        }
        catch (Exception e)
        {
            Diagnostics.Trace("editor: onFDIsSet failed: " + e.Message);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnTimerEntry(nint self)
    {
        try
        {
            From<RunLoopCallback>(self)?._view?.OnTimer();
        }
        catch (Exception e)
        {
            Diagnostics.Trace("editor: onTimer failed: " + e.Message);
        }
    }
#pragma warning restore CA1031
}
