using System.Runtime.InteropServices;

namespace KamHp.Tests.Vst3.Native;

/// <summary>
/// IBStream over a byte list. Like the SDK's memory streams, reading past the end returns kResultOk with 0 bytes read.
/// </summary>
internal sealed unsafe class HostStream : HostObject
{
    private static readonly nint s_vtable = Build();
    private readonly List<byte> _data;
    private int _position;

    public HostStream(byte[]? initial = null)
        : base(s_vtable)
    {
        _data = initial is null ? [] : [.. initial];
    }

    public byte[] ToArray() => [.. _data];

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == Vst3Ids.BStream ? 0 : -1;

    private static nint Build()
    {
        var v = NewVtable(7);
        v[3] = (nint)(delegate* unmanaged<nint, byte*, int, int*, int>)&Read;
        v[4] = (nint)(delegate* unmanaged<nint, byte*, int, int*, int>)&Write;
        v[5] = (nint)(delegate* unmanaged<nint, long, int, long*, int>)&Seek;
        v[6] = (nint)(delegate* unmanaged<nint, long*, int>)&Tell;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static int Read(nint self, byte* buffer, int count, int* read)
    {
        var s = Get<HostStream>(self);
        var n = Math.Max(0, Math.Min(count, s._data.Count - s._position));
        for (var i = 0; i < n; i++)
        {
            buffer[i] = s._data[s._position + i];
        }

        s._position += n;
        if (read != null)
        {
            *read = n;
        }

        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int Write(nint self, byte* buffer, int count, int* written)
    {
        var s = Get<HostStream>(self);
        for (var i = 0; i < count; i++)
        {
            if (s._position < s._data.Count)
            {
                s._data[s._position] = buffer[i];
            }
            else
            {
                s._data.Add(buffer[i]);
            }

            s._position++;
        }

        if (written != null)
        {
            *written = count;
        }

        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int Seek(nint self, long position, int mode, long* result)
    {
        var s = Get<HostStream>(self);
        var target = mode switch { 0 => position, 1 => s._position + position, _ => s._data.Count + position };
        s._position = (int)Math.Clamp(target, 0, s._data.Count);
        if (result != null)
        {
            *result = s._position;
        }

        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int Tell(nint self, long* position)
    {
        *position = Get<HostStream>(self)._position;
        return Vst3Ids.ResultOk;
    }
}
