using System.Runtime.InteropServices;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// IPluginFactory / IPluginFactory2 / IPluginFactory3 (one vtable serves all three). A module-wide singleton that holds
/// one reference of its own, so host releases never free it and a re-loaded module (statics survive with
/// -z nodelete) hands out the same object again.
/// </summary>
internal sealed unsafe class PluginFactory : ComObject
{
    private const int ClassCount = 2;

    private static readonly nint s_vtable = BuildVtable();
    private static readonly Lock s_lock = new();
    private static PluginFactory? s_instance;

    private PluginFactory()
        : base([s_vtable])
    {
    }

    /// <summary>The factory's IPluginFactory pointer with one reference for the caller.</summary>
    public static nint Acquire()
    {
        lock (s_lock)
        {
            if (s_instance is null)
            {
                s_instance = new PluginFactory();
                s_instance.AddRef();
            }

            s_instance.AddRef();
            return s_instance.GetInterface(0);
        }
    }

    protected override int InterfaceIndexOf(Guid iid) =>
        iid == Iid.FUnknown || iid == Iid.PluginFactory || iid == Iid.PluginFactory2 || iid == Iid.PluginFactory3 ? 0 : -1;

    private static nint BuildVtable()
    {
        var v = NewVtable(10);
        v[3] = (nint)(delegate* unmanaged<nint, PFactoryInfo*, int>)&GetFactoryInfo;
        v[4] = (nint)(delegate* unmanaged<nint, int>)&CountClasses;
        v[5] = (nint)(delegate* unmanaged<nint, int, PClassInfo*, int>)&GetClassInfo;
        v[6] = (nint)(delegate* unmanaged<nint, byte*, byte*, void**, int>)&CreateInstance;
        v[7] = (nint)(delegate* unmanaged<nint, int, PClassInfo2*, int>)&GetClassInfo2;
        v[8] = (nint)(delegate* unmanaged<nint, int, PClassInfoW*, int>)&GetClassInfoUnicode;
        v[9] = (nint)(delegate* unmanaged<nint, nint, int>)&SetHostContext;
        return (nint)v;
    }

    private static (Guid Cid, string Category, string Name, string SubCategories) ClassAt(int index) => index == 0
        ? (PluginInfo.ProcessorCid, PluginInfo.ProcessorCategory, PluginInfo.Name, PluginInfo.SubCategories)
        : (PluginInfo.ControllerCid, PluginInfo.ControllerCategory, PluginInfo.ControllerName, "");

#pragma warning disable CA1031 // every entry point catches everything: an escaping exception would abort the host
    [UnmanagedCallersOnly]
    private static int GetFactoryInfo(nint self, PFactoryInfo* info)
    {
        try
        {
            if (info == null)
            {
                return TResult.InvalidArgument;
            }

            *info = default;
            Text.WriteUtf8(PluginInfo.Vendor, info->Vendor, 64);
            Text.WriteUtf8(PluginInfo.Url, info->Url, 256);
            Text.WriteUtf8(PluginInfo.Email, info->Email, 128);
            info->Flags = PFactoryInfo.FlagUnicode;
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int CountClasses(nint self) => ClassCount;

    private static void WriteClassInfo((Guid Cid, string Category, string Name, string SubCategories) c, PClassInfo* info)
    {
        *info = default;
        Tuid.Write(c.Cid, info->Cid);
        info->Cardinality = PClassInfo.ManyInstances;
        Text.WriteUtf8(c.Category, info->Category, 32);
        Text.WriteUtf8(c.Name, info->Name, 64);
    }

    [UnmanagedCallersOnly]
    private static int GetClassInfo(nint self, int index, PClassInfo* info)
    {
        try
        {
            if (info == null || index < 0 || index >= ClassCount)
            {
                return TResult.InvalidArgument;
            }

            WriteClassInfo(ClassAt(index), info);
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetClassInfo2(nint self, int index, PClassInfo2* info)
    {
        try
        {
            if (info == null || index < 0 || index >= ClassCount)
            {
                return TResult.InvalidArgument;
            }

            var c = ClassAt(index);
            *info = default;
            WriteClassInfo(c, (PClassInfo*)info);   // PClassInfo2 begins with PClassInfo's layout
            info->ClassFlags = 0;
            Text.WriteUtf8(c.SubCategories, info->SubCategories, 128);
            Text.WriteUtf8(PluginInfo.Vendor, info->Vendor, 64);
            Text.WriteUtf8(PluginInfo.Version, info->Version, 64);
            Text.WriteUtf8(PluginInfo.SdkVersion, info->SdkVersion, 64);
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetClassInfoUnicode(nint self, int index, PClassInfoW* info)
    {
        try
        {
            if (info == null || index < 0 || index >= ClassCount)
            {
                return TResult.InvalidArgument;
            }

            var c = ClassAt(index);
            *info = default;
            Tuid.Write(c.Cid, info->Cid);
            info->Cardinality = PClassInfo.ManyInstances;
            Text.WriteUtf8(c.Category, info->Category, 32);
            Text.WriteUtf16(c.Name, info->Name, 64);
            info->ClassFlags = 0;
            Text.WriteUtf8(c.SubCategories, info->SubCategories, 128);
            Text.WriteUtf16(PluginInfo.Vendor, info->Vendor, 64);
            Text.WriteUtf16(PluginInfo.Version, info->Version, 64);
            Text.WriteUtf16(PluginInfo.SdkVersion, info->SdkVersion, 64);
            return TResult.Ok;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int CreateInstance(nint self, byte* cid, byte* iid, void** result)
    {
        try
        {
            if (result == null)
            {
                return TResult.InvalidArgument;
            }

            *result = null;
            var classId = Tuid.Read(cid);
            ComObject? instance = classId == PluginInfo.ProcessorCid ? new Vst3Processor()
                : classId == PluginInfo.ControllerCid ? new Vst3Controller()
                : null;
            if (instance is null)
            {
                return TResult.NoInterface;
            }

            var status = instance.QueryInterface(iid, result);
            if (status != TResult.Ok)
            {
                // Nobody holds it: one reference up and down frees it.
                instance.AddRef();
                instance.Release();
            }

            return status;
        }
        catch (Exception)
        {
            return TResult.InternalError;
        }
    }

    [UnmanagedCallersOnly]
    private static int SetHostContext(nint self, nint context) => TResult.Ok;
#pragma warning restore CA1031
}
