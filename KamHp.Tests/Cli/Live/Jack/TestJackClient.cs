using System.Runtime.InteropServices;
using KamHp.Cli.Live.Jack;

namespace KamHp.Tests.Cli.Live.Jack;

/// <summary>A minimal JACK client for the tests (player, recorder): ports, a process callback, activation, close.</summary>
internal abstract unsafe class TestJackClient : IDisposable
{
    private GCHandle _self;
    private bool _active;

    protected TestJackClient(string name, string serverName)
    {
        Handle = JackApi.Open(name, serverName, quiet: true);
        Name = JackApi.ClientName(Handle);
    }

    public string Name { get; }

    /// <summary>The native client (for port queries).</summary>
    public nint Handle { get; private set; }

    public void Activate()
    {
        _self = GCHandle.Alloc(this);
        Assert.Equal(0, JackNative.SetProcessCallback(Handle, &OnProcess, GCHandle.ToIntPtr(_self)));
        Assert.Equal(0, JackNative.Activate(Handle));
        _active = true;
    }

    public void Connect(string source, string destination) =>
        Assert.True(JackApi.Connect(Handle, source, destination), $"cannot connect {source} -> {destination}");

    public void Dispose()
    {
        if (Handle != 0)
        {
            if (_active)
            {
                _ = JackNative.Deactivate(Handle);
            }

            _ = JackNative.ClientClose(Handle);
            Handle = 0;
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    protected nint Register(string port, string type, JackPortFlags flags)
    {
        var handle = JackNative.PortRegister(Handle, port, type, flags, 0);
        Assert.NotEqual(0, handle);
        return handle;
    }

    /// <summary>One period; <paramref name="frameTime"/> is the server's frame counter at the period's first sample.</summary>
    protected abstract void Process(uint frames, uint frameTime);

    [UnmanagedCallersOnly]
    private static int OnProcess(uint frames, nint arg)
    {
        var client = (TestJackClient)GCHandle.FromIntPtr(arg).Target!;
        client.Process(frames, JackNative.LastFrameTime(client.Handle));
        return 0;
    }
}
