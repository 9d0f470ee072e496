using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// IPluginFactory / IPluginFactory2 / IPluginFactory3 (one vtable serves all three). A module-wide singleton that holds
/// one reference of its own, so host releases never free it and a re-loaded module (statics survive with
/// -z nodelete) hands out the same object again.
/// </summary>
internal sealed unsafe class PluginFactory : ComObject, IPluginFactory3
{
    private const int ClassCount = 2;

    private static readonly Lock s_lock = new();
    private static PluginFactory? s_instance;

    private PluginFactory()
        : base(PluginFactory3Abi.Interface)
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

    private static (Guid Cid, string Category, string Name, string SubCategories) ClassAt(int index) => index == 0
        ? (PluginInfo.ProcessorCid, PluginInfo.ProcessorCategory, PluginInfo.Name, PluginInfo.SubCategories)
        : (PluginInfo.ControllerCid, PluginInfo.ControllerCategory, PluginInfo.ControllerName, "");

    public int GetFactoryInfo(PFactoryInfo* info)
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

    public int CountClasses() => ClassCount;

    private static void WriteClassInfo((Guid Cid, string Category, string Name, string SubCategories) c, PClassInfo* info)
    {
        *info = default;
        Tuid.Write(c.Cid, info->Cid);
        info->Cardinality = PClassInfo.ManyInstances;
        Text.WriteUtf8(c.Category, info->Category, 32);
        Text.WriteUtf8(c.Name, info->Name, 64);
    }

    public int GetClassInfo(int index, PClassInfo* info)
    {
        if (info == null || index < 0 || index >= ClassCount)
        {
            return TResult.InvalidArgument;
        }

        WriteClassInfo(ClassAt(index), info);
        return TResult.Ok;
    }

    public int GetClassInfo2(int index, PClassInfo2* info)
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

    public int GetClassInfoUnicode(int index, PClassInfoW* info)
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

    public int CreateInstance(byte* cid, byte* iid, void** obj)
    {
        if (obj == null)
        {
            return TResult.InvalidArgument;
        }

        *obj = null;
        var classId = Tuid.Read(cid);
        ComObject? instance = classId == PluginInfo.ProcessorCid ? new Vst3Processor()
            : classId == PluginInfo.ControllerCid ? new Vst3Controller()
            : null;
        if (instance is null)
        {
            return TResult.NoInterface;
        }

        var status = instance.QueryInterface(iid, obj);
        if (status != TResult.Ok)
        {
            // Nobody holds it: one reference up and down frees it.
            instance.AddRef();
            instance.Release();
        }

        return status;
    }

    public int SetHostContext(nint context) => TResult.Ok;
}
