using System.Runtime.InteropServices;
using System.Text;

namespace KamHp.Tests.Vst3.Native;

/// <summary>IAttributeList (integers, floats and binaries are enough for the plug-in's messages).</summary>
internal sealed unsafe class HostAttributeList : HostObject
{
    private static readonly nint s_vtable = Build();

    public HostAttributeList()
        : base(s_vtable)
    {
    }

    public Dictionary<string, long> Integers { get; } = [];

    public Dictionary<string, double> Floats { get; } = [];

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == Vst3Ids.AttributeList ? 0 : -1;

    private static string Key(byte* id) => Marshal.PtrToStringUTF8((nint)id) ?? "";

    private static nint Build()
    {
        var v = NewVtable(11);
        v[3] = (nint)(delegate* unmanaged<nint, byte*, long, int>)&SetInt;
        v[4] = (nint)(delegate* unmanaged<nint, byte*, long*, int>)&GetInt;
        v[5] = (nint)(delegate* unmanaged<nint, byte*, double, int>)&SetFloat;
        v[6] = (nint)(delegate* unmanaged<nint, byte*, double*, int>)&GetFloat;
        v[7] = (nint)(delegate* unmanaged<nint, byte*, char*, int>)&Unsupported2;
        v[8] = (nint)(delegate* unmanaged<nint, byte*, char*, uint, int>)&Unsupported3;
        v[9] = (nint)(delegate* unmanaged<nint, byte*, void*, uint, int>)&Unsupported4;
        v[10] = (nint)(delegate* unmanaged<nint, byte*, void**, uint*, int>)&Unsupported5;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static int SetInt(nint self, byte* id, long value)
    {
        Get<HostAttributeList>(self).Integers[Key(id)] = value;
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int GetInt(nint self, byte* id, long* value)
    {
        if (!Get<HostAttributeList>(self).Integers.TryGetValue(Key(id), out var v))
        {
            return Vst3Ids.ResultFalse;
        }

        *value = v;
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int SetFloat(nint self, byte* id, double value)
    {
        Get<HostAttributeList>(self).Floats[Key(id)] = value;
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int GetFloat(nint self, byte* id, double* value)
    {
        if (!Get<HostAttributeList>(self).Floats.TryGetValue(Key(id), out var v))
        {
            return Vst3Ids.ResultFalse;
        }

        *value = v;
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int Unsupported2(nint self, byte* id, char* text) => Vst3Ids.ResultFalse;

    [UnmanagedCallersOnly]
    private static int Unsupported3(nint self, byte* id, char* text, uint size) => Vst3Ids.ResultFalse;

    [UnmanagedCallersOnly]
    private static int Unsupported4(nint self, byte* id, void* data, uint size) => Vst3Ids.ResultFalse;

    [UnmanagedCallersOnly]
    private static int Unsupported5(nint self, byte* id, void** data, uint* size) => Vst3Ids.ResultFalse;
}

/// <summary>IMessage: an id and an attribute list.</summary>
internal sealed unsafe class HostMessage : HostObject
{
    private static readonly nint s_vtable = Build();
    private readonly HostAttributeList _attributes = new();
    private byte* _id;

    public HostMessage()
        : base(s_vtable)
    {
    }

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == Vst3Ids.Message ? 0 : -1;

    // A released message releases its id and its attribute list (before this, each message leaked both, about 800
    // bytes per activation, which hid any growth of the plug-in itself: issue 15).
    protected override void OnFinalRelease()
    {
        NativeMemory.Free(_id);
        _id = null;
        _attributes.Release();
    }

    private static nint Build()
    {
        var v = NewVtable(6);
        v[3] = (nint)(delegate* unmanaged<nint, byte*>)&GetMessageId;
        v[4] = (nint)(delegate* unmanaged<nint, byte*, void>)&SetMessageId;
        v[5] = (nint)(delegate* unmanaged<nint, nint>)&GetAttributes;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static byte* GetMessageId(nint self) => Get<HostMessage>(self)._id;

    [UnmanagedCallersOnly]
    private static void SetMessageId(nint self, byte* id)
    {
        var message = Get<HostMessage>(self);
        var text = Encoding.UTF8.GetBytes((Marshal.PtrToStringUTF8((nint)id) ?? "") + "\0");
        NativeMemory.Free(message._id);
        message._id = (byte*)NativeMemory.Alloc((nuint)text.Length);
        text.CopyTo(new Span<byte>(message._id, text.Length));
    }

    [UnmanagedCallersOnly]
    private static nint GetAttributes(nint self) => Get<HostMessage>(self)._attributes.Pointer;
}

/// <summary>IHostApplication: a name and a factory for messages and attribute lists.</summary>
internal sealed unsafe class HostApplication : HostObject
{
    private static readonly nint s_vtable = Build();

    public HostApplication()
        : base(s_vtable)
    {
    }

    public int MessagesCreated { get; private set; }

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == Vst3Ids.HostApplication ? 0 : -1;

    private static nint Build()
    {
        var v = NewVtable(5);
        v[3] = (nint)(delegate* unmanaged<nint, char*, int>)&GetName;
        v[4] = (nint)(delegate* unmanaged<nint, byte*, byte*, nint*, int>)&CreateInstance;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static int GetName(nint self, char* name)
    {
        "KamHp host test\0".AsSpan().CopyTo(new Span<char>(name, 128));
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int CreateInstance(nint self, byte* cid, byte* iid, nint* result)
    {
        var classId = Vst3Ids.Read(cid);
        if (classId == Vst3Ids.Message)
        {
            Get<HostApplication>(self).MessagesCreated++;
            *result = new HostMessage().Pointer;
            return Vst3Ids.ResultOk;
        }

        if (classId == Vst3Ids.AttributeList)
        {
            *result = new HostAttributeList().Pointer;
            return Vst3Ids.ResultOk;
        }

        *result = 0;
        return Vst3Ids.NoInterface;
    }
}
