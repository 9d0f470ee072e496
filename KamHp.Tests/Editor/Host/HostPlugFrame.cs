using System.Diagnostics;
using System.Runtime.InteropServices;
using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Editor.Host;

/// <summary>
/// The test's host window frame: IPlugFrame (slot 0; resizeView answers with onSize like a host) and
/// Linux::IRunLoop (slot 1) with a run loop the test pumps on its own thread: poll() on the registered descriptors,
/// onFDIsSet for the ready ones, onTimer for due timers. Handlers are held with a reference while registered.
/// </summary>
internal sealed unsafe class HostPlugFrame : HostObject
{
    public static readonly Guid PlugFrameIid = new("367FAF01-AFA9-4693-8D4D-A2A0ED0882A3");
    public static readonly Guid RunLoopIid = new("18C35366-9776-4F1A-9C5B-83857A871389");

    private static readonly nint s_frameVtable = BuildFrame();
    private static readonly nint s_runLoopVtable = BuildRunLoop();

    private readonly List<(nint Handler, int Fd)> _handlers = [];
    private readonly List<(nint Handler, ulong Milliseconds, Stopwatch Due)> _timers = [];

    public HostPlugFrame()
        : base(s_frameVtable, s_runLoopVtable)
    {
    }

    public int HandlerCount => _handlers.Count;

    public int TimerCount => _timers.Count;

    public List<(int Width, int Height)> ResizeRequests { get; } = [];

    /// <summary>Runs the loop for <paramref name="milliseconds"/>.</summary>
    public void Pump(int milliseconds)
    {
        var clock = Stopwatch.StartNew();
        var fds = stackalloc TestX11.PollFd[8];
        while (clock.ElapsedMilliseconds < milliseconds)
        {
            var count = Math.Min(8, _handlers.Count);
            for (var i = 0; i < count; i++)
            {
                fds[i] = new TestX11.PollFd { Fd = _handlers[i].Fd, Events = 1 };
            }

            if (TestX11.Poll(fds, (nuint)count, 5) > 0)
            {
                for (var i = 0; i < count && i < _handlers.Count; i++)
                {
                    if (fds[i].Returned != 0)
                    {
                        var h = _handlers[i].Handler;
                        ((delegate* unmanaged<nint, int, void>)(*(nint**)h)[3])(h, fds[i].Fd);
                    }
                }
            }

            foreach (var (handler, ms, due) in _timers.ToArray())
            {
                if (due.ElapsedMilliseconds >= (long)ms)
                {
                    due.Restart();
                    ((delegate* unmanaged<nint, void>)(*(nint**)handler)[3])(handler);
                }
            }
        }
    }

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == PlugFrameIid ? 0 : iid == RunLoopIid ? 1 : -1;

    private static nint BuildFrame()
    {
        var v = NewVtable(4);
        v[3] = (nint)(delegate* unmanaged<nint, nint, int*, int>)&ResizeView;
        return (nint)v;
    }

    private static nint BuildRunLoop()
    {
        var v = NewVtable(7);
        v[3] = (nint)(delegate* unmanaged<nint, nint, int, int>)&RegisterEventHandler;
        v[4] = (nint)(delegate* unmanaged<nint, nint, int>)&UnregisterEventHandler;
        v[5] = (nint)(delegate* unmanaged<nint, nint, ulong, int>)&RegisterTimer;
        v[6] = (nint)(delegate* unmanaged<nint, nint, int>)&UnregisterTimer;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static int ResizeView(nint self, nint view, int* rect)
    {
        Get<HostPlugFrame>(self).ResizeRequests.Add((rect[2] - rect[0], rect[3] - rect[1]));
        return PlugViewApi.OnSize(view, rect[2] - rect[0], rect[3] - rect[1]);
    }

    [UnmanagedCallersOnly]
    private static int RegisterEventHandler(nint self, nint handler, int fd)
    {
        PluginApi.AddRef(handler);
        Get<HostPlugFrame>(self)._handlers.Add((handler, fd));
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int UnregisterEventHandler(nint self, nint handler)
    {
        var removed = Get<HostPlugFrame>(self)._handlers.RemoveAll(h => h.Handler == handler);
        for (var i = 0; i < removed; i++)
        {
            PluginApi.Release(handler);
        }

        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int RegisterTimer(nint self, nint handler, ulong milliseconds)
    {
        PluginApi.AddRef(handler);
        Get<HostPlugFrame>(self)._timers.Add((handler, milliseconds, Stopwatch.StartNew()));
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int UnregisterTimer(nint self, nint handler)
    {
        var removed = Get<HostPlugFrame>(self)._timers.RemoveAll(t => t.Handler == handler);
        for (var i = 0; i < removed; i++)
        {
            PluginApi.Release(handler);
        }

        return Vst3Ids.ResultOk;
    }
}
