using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KamHp.Vst3.Interop;

/// <summary>
/// A managed object seen by the host as a C++ object with one interface pointer per implemented vtable. Each interface
/// pointer is a 16-byte native slot { vtable, GCHandle }; a callback recovers the object from the slot. The object stays
/// alive (strong GCHandle) until the reference count drops to zero, then the slots and the handle are freed.
/// Reference counts start at zero: the first QueryInterface hands out the first reference.
/// </summary>
internal abstract unsafe class ComObject
{
    private readonly nint* _slots;
    private readonly int _interfaceCount;
    private GCHandle _handle;
    private int _referenceCount;
    private int _freed;

    protected ComObject(ReadOnlySpan<nint> vtables)
    {
        _interfaceCount = vtables.Length;
        _handle = GCHandle.Alloc(this);
        _slots = (nint*)NativeMemory.AllocZeroed((nuint)(vtables.Length * 2 * sizeof(nint)));
        var handle = GCHandle.ToIntPtr(_handle);
        for (var i = 0; i < vtables.Length; i++)
        {
            _slots[2 * i] = vtables[i];
            _slots[(2 * i) + 1] = handle;
        }
    }

    /// <summary>Current reference count (for tests and diagnostics).</summary>
    public int ReferenceCount => Volatile.Read(ref _referenceCount);

    /// <summary>The interface pointer of vtable <paramref name="index"/>.</summary>
    public nint GetInterface(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_interfaceCount);
        return (nint)(_slots + (2 * index));
    }

    /// <summary>The object behind an interface pointer, or null.</summary>
    public static T? From<T>(nint self)
        where T : ComObject
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
            for (var i = 0; i < _interfaceCount; i++)
            {
                _slots[(2 * i) + 1] = 0;
            }

            NativeMemory.Free(_slots);
            _handle.Free();
        }

        return (uint)Math.Max(count, 0);
    }

    /// <summary>Writes the interface for <paramref name="iid"/> (adding a reference) or null with NoInterface.</summary>
    public int QueryInterface(byte* iid, void** result)
    {
        if (result == null)
        {
            return TResult.InvalidArgument;
        }

        var index = iid == null ? -1 : InterfaceIndexOf(Tuid.Read(iid));
        if (index < 0)
        {
            *result = null;
            return TResult.NoInterface;
        }

        *result = (void*)GetInterface(index);
        AddRef();
        return TResult.Ok;
    }

    /// <summary>Slot index for an interface id, or -1. FUnknown must map to the primary interface (slot 0).</summary>
    protected abstract int InterfaceIndexOf(Guid iid);

    /// <summary>Releases host references; called once when the last reference goes.</summary>
    protected virtual void OnFinalRelease()
    {
    }

    /// <summary>Allocates a vtable of <paramref name="count"/> entries with the three FUnknown methods filled in.</summary>
    protected static nint* NewVtable(int count)
    {
        var vtable = (nint*)NativeMemory.AllocZeroed((nuint)(count * sizeof(nint)));
        vtable[0] = (nint)(delegate* unmanaged<nint, byte*, void**, int>)&UnknownQueryInterface;
        vtable[1] = (nint)(delegate* unmanaged<nint, uint>)&UnknownAddRef;
        vtable[2] = (nint)(delegate* unmanaged<nint, uint>)&UnknownRelease;
        return vtable;
    }

    // Every entry point catches everything: an exception escaping into the host would abort it.
#pragma warning disable CA1031
    [UnmanagedCallersOnly]
    private static int UnknownQueryInterface(nint self, byte* iid, void** result)
    {
        try
        {
            var target = From<ComObject>(self);
            if (target is null)
            {
                if (result != null)
                {
                    *result = null;
                }

                return TResult.NoInterface;
            }

            return target.QueryInterface(iid, result);
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static uint UnknownAddRef(nint self)
    {
        try
        {
            return From<ComObject>(self)?.AddRef() ?? 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static uint UnknownRelease(nint self)
    {
        try
        {
            return From<ComObject>(self)?.Release() ?? 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }
#pragma warning restore CA1031

    /// <summary>True when <paramref name="a"/> equals <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static bool Is(Guid a, Guid b) => a == b;
}
