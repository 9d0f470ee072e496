using System.Runtime.InteropServices;

namespace KamHp.Tests.Vst3.Native;

/// <summary>
/// A host-side COM object for the plug-in under test: one native slot { vtable, GCHandle } per interface. Kept alive by
/// its GCHandle until the reference count (starting at 1, owned by the test) returns to zero.
/// </summary>
internal abstract unsafe class HostObject
{
    private readonly nint* _slots;
    private readonly int _count;
    private GCHandle _handle;
    private int _references = 1;

    protected HostObject(params nint[] vtables)
    {
        _count = vtables.Length;
        _handle = GCHandle.Alloc(this);
        _slots = (nint*)NativeMemory.AllocZeroed((nuint)(_count * 2 * sizeof(nint)));
        for (var i = 0; i < _count; i++)
        {
            _slots[2 * i] = vtables[i];
            _slots[(2 * i) + 1] = GCHandle.ToIntPtr(_handle);
        }
    }

    public int References => Volatile.Read(ref _references);

    public nint Pointer => (nint)_slots;

    public nint InterfaceAt(int index) => (nint)(_slots + (2 * index));

    public static T Get<T>(nint self)
        where T : HostObject => (T)GCHandle.FromIntPtr(((nint*)self)[1]).Target!;

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Free();
        }
    }

    protected abstract int IndexOf(Guid iid);

    /// <summary>Releases what the object owns besides its slots (called once, when the last reference goes).</summary>
    protected virtual void OnFinalRelease()
    {
    }

    private void Free()
    {
        OnFinalRelease();
        NativeMemory.Free(_slots);
        _handle.Free();
    }

    protected static nint* NewVtable(int count)
    {
        var v = (nint*)NativeMemory.AllocZeroed((nuint)(count * sizeof(nint)));
        v[0] = (nint)(delegate* unmanaged<nint, byte*, nint*, int>)&QueryInterface;
        v[1] = (nint)(delegate* unmanaged<nint, uint>)&AddRef;
        v[2] = (nint)(delegate* unmanaged<nint, uint>)&ReleaseEntry;
        return v;
    }

    [UnmanagedCallersOnly]
    private static int QueryInterface(nint self, byte* iid, nint* result)
    {
        var target = Get<HostObject>(self);
        var index = target.IndexOf(Vst3Ids.Read(iid));
        if (index < 0)
        {
            *result = 0;
            return Vst3Ids.NoInterface;
        }

        Interlocked.Increment(ref target._references);
        *result = target.InterfaceAt(index);
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static uint AddRef(nint self) => (uint)Interlocked.Increment(ref Get<HostObject>(self)._references);

    [UnmanagedCallersOnly]
    private static uint ReleaseEntry(nint self)
    {
        var target = Get<HostObject>(self);
        var left = Interlocked.Decrement(ref target._references);
        if (left == 0)
        {
            target.Free();
        }

        return (uint)Math.Max(left, 0);
    }
}
