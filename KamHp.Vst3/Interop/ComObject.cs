using System.Runtime.InteropServices;

namespace KamHp.Vst3.Interop;

/// <summary>
/// A managed object seen by the host as a C++ object with one interface pointer per implemented vtable. Each interface
/// pointer is a 16-byte native slot { vtable, GCHandle }; the generated entry points recover the object from the slot
/// (<see cref="From{T}"/>). The object stays alive (strong GCHandle) until the reference count drops to zero, then the
/// slots and the handle are freed. Reference counts start at zero: the first QueryInterface hands out the first reference.
/// </summary>
internal abstract unsafe class ComObject : IUnknown
{
    private readonly nint* _slots;
    private readonly ComInterface[] _interfaces;
    private GCHandle _handle;
    private int _referenceCount;
    private int _freed;

    /// <param name="interfaces">The object's vtables; the first is the primary one, which also answers FUnknown.</param>
    protected ComObject(params ComInterface[] interfaces)
    {
        _interfaces = interfaces;
        _handle = GCHandle.Alloc(this);
        _slots = (nint*)NativeMemory.AllocZeroed((nuint)(interfaces.Length * 2 * sizeof(nint)));
        var handle = GCHandle.ToIntPtr(_handle);
        for (var i = 0; i < interfaces.Length; i++)
        {
            _slots[2 * i] = interfaces[i].Vtable;
            _slots[(2 * i) + 1] = handle;
        }
    }

    /// <summary>The interface pointer of vtable <paramref name="index"/>.</summary>
    public nint GetInterface(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_interfaces.Length);
        return (nint)(_slots + (2 * index));
    }

    /// <summary>The object behind an interface pointer as <typeparamref name="T"/>, or null.</summary>
    public static T? From<T>(nint self)
        where T : class
    {
        if (self == 0)
        {
            return null;
        }

        var handle = ((nint*)self)[1];
        return handle == 0 ? null : GCHandle.FromIntPtr(handle).Target as T;
    }

    public uint AddRef() => (uint)Interlocked.Increment(ref _referenceCount);

    public uint Release()
    {
        var count = Interlocked.Decrement(ref _referenceCount);
        if (count == 0 && Interlocked.Exchange(ref _freed, 1) == 0)
        {
            OnFinalRelease();
            for (var i = 0; i < _interfaces.Length; i++)
            {
                _slots[(2 * i) + 1] = 0;
            }

            NativeMemory.Free(_slots);
            _handle.Free();
        }

        return (uint)Math.Max(count, 0);
    }

    /// <summary>Writes the interface for <paramref name="iid"/> (adding a reference) or null with NoInterface.</summary>
    public int QueryInterface(byte* iid, void** obj)
    {
        if (obj == null)
        {
            return TResult.InvalidArgument;
        }

        var index = iid == null ? -1 : InterfaceIndexOf(Tuid.Read(iid));
        if (index < 0)
        {
            *obj = null;
            return TResult.NoInterface;
        }

        *obj = (void*)GetInterface(index);
        AddRef();
        return TResult.Ok;
    }

    /// <summary>Releases host references; called once when the last reference goes.</summary>
    protected virtual void OnFinalRelease()
    {
    }

    /// <summary>The first vtable that answers <paramref name="iid"/> (so the primary one answers FUnknown), or -1.</summary>
    private int InterfaceIndexOf(Guid iid)
    {
        for (var i = 0; i < _interfaces.Length; i++)
        {
            if (Array.IndexOf(_interfaces[i].Iids, iid) >= 0)
            {
                return i;
            }
        }

        return -1;
    }
}
