namespace KamHp.Tests.Vst3.Native;

/// <summary>Calls into the plug-in's interfaces through their vtables (index = SDK declaration order).</summary>
internal static unsafe class PluginApi
{
    private static nint* V(nint self) => *(nint**)self;

    // FUnknown
    public static nint Query(nint self, Guid iid)
    {
        byte* id = stackalloc byte[16];
        Vst3Ids.Write(iid, id);
        nint result = 0;
        var status = ((delegate* unmanaged<nint, byte*, nint*, int>)V(self)[0])(self, id, &result);
        return status == Vst3Ids.ResultOk ? result : 0;
    }

    /// <summary>queryInterface with raw (possibly null) pointers, as a careless host might call it.</summary>
    public static int QueryRaw(nint self, byte* iid, nint* result) => ((delegate* unmanaged<nint, byte*, nint*, int>)V(self)[0])(self, iid, result);

    public static uint AddRef(nint self) => ((delegate* unmanaged<nint, uint>)V(self)[1])(self);

    public static uint Release(nint self) => ((delegate* unmanaged<nint, uint>)V(self)[2])(self);

    // IPluginFactory / 2 / 3
    public static int GetFactoryInfo(nint f, FactoryInfo* info) => ((delegate* unmanaged<nint, FactoryInfo*, int>)V(f)[3])(f, info);

    public static int CountClasses(nint f) => ((delegate* unmanaged<nint, int>)V(f)[4])(f);

    public static int CreateInstance(nint f, Guid cid, Guid iid, out nint result)
    {
        byte* c = stackalloc byte[16];
        byte* i = stackalloc byte[16];
        Vst3Ids.Write(cid, c);
        Vst3Ids.Write(iid, i);
        nint obj = 0;
        var status = ((delegate* unmanaged<nint, byte*, byte*, nint*, int>)V(f)[6])(f, c, i, &obj);
        result = obj;
        return status;
    }

    public static int GetClassInfoUnicode(nint f, int index, ClassInfoW* info) =>
        ((delegate* unmanaged<nint, int, ClassInfoW*, int>)V(f)[8])(f, index, info);

    // IPluginBase (component and controller)
    public static int Initialize(nint self, nint context) => ((delegate* unmanaged<nint, nint, int>)V(self)[3])(self, context);

    public static int Terminate(nint self) => ((delegate* unmanaged<nint, int>)V(self)[4])(self);

    // IComponent
    public static Guid GetControllerClassId(nint c)
    {
        byte* id = stackalloc byte[16];
        ((delegate* unmanaged<nint, byte*, int>)V(c)[5])(c, id);
        return Vst3Ids.Read(id);
    }

    public static int GetBusCount(nint c, int media, int direction) => ((delegate* unmanaged<nint, int, int, int>)V(c)[7])(c, media, direction);

    public static int GetBusInfo(nint c, int media, int direction, int index, BusInfoData* info) =>
        ((delegate* unmanaged<nint, int, int, int, BusInfoData*, int>)V(c)[8])(c, media, direction, index, info);

    public static int ActivateBus(nint c, int media, int direction, int index, bool state) =>
        ((delegate* unmanaged<nint, int, int, int, byte, int>)V(c)[10])(c, media, direction, index, state ? (byte)1 : (byte)0);

    public static int SetActive(nint c, bool state) => ((delegate* unmanaged<nint, byte, int>)V(c)[11])(c, state ? (byte)1 : (byte)0);

    public static int SetState(nint c, nint stream) => ((delegate* unmanaged<nint, nint, int>)V(c)[12])(c, stream);

    public static int GetState(nint c, nint stream) => ((delegate* unmanaged<nint, nint, int>)V(c)[13])(c, stream);

    // IAudioProcessor
    public static int SetBusArrangements(nint p, ulong[] inputs, ulong[] outputs)
    {
        fixed (ulong* i = inputs)
        fixed (ulong* o = outputs)
        {
            return ((delegate* unmanaged<nint, ulong*, int, ulong*, int, int>)V(p)[3])(p, i, inputs.Length, o, outputs.Length);
        }
    }

    public static int SetBusArrangements(nint p, ulong* inputs, int inputCount, ulong* outputs, int outputCount) =>
        ((delegate* unmanaged<nint, ulong*, int, ulong*, int, int>)V(p)[3])(p, inputs, inputCount, outputs, outputCount);

    public static int GetBusArrangement(nint p, int direction, int index, out ulong arrangement)
    {
        ulong a = 0;
        var status = ((delegate* unmanaged<nint, int, int, ulong*, int>)V(p)[4])(p, direction, index, &a);
        arrangement = a;
        return status;
    }

    public static int CanProcessSampleSize(nint p, int size) => ((delegate* unmanaged<nint, int, int>)V(p)[5])(p, size);

    public static uint GetLatencySamples(nint p) => ((delegate* unmanaged<nint, uint>)V(p)[6])(p);

    public static int SetupProcessing(nint p, ProcessSetupData setup) => ((delegate* unmanaged<nint, ProcessSetupData*, int>)V(p)[7])(p, &setup);

    public static int SetProcessing(nint p, bool state) => ((delegate* unmanaged<nint, byte, int>)V(p)[8])(p, state ? (byte)1 : (byte)0);

    public static int Process(nint p, ProcessDataBlock* data) => ((delegate* unmanaged<nint, ProcessDataBlock*, int>)V(p)[9])(p, data);

    public static uint GetTailSamples(nint p) => ((delegate* unmanaged<nint, uint>)V(p)[10])(p);

    // IProcessContextRequirements
    public static uint GetProcessContextRequirements(nint r) => ((delegate* unmanaged<nint, uint>)V(r)[3])(r);

    // IConnectionPoint
    public static int Connect(nint cp, nint other) => ((delegate* unmanaged<nint, nint, int>)V(cp)[3])(cp, other);

    public static int Disconnect(nint cp, nint other) => ((delegate* unmanaged<nint, nint, int>)V(cp)[4])(cp, other);

    // IEditController
    public static int SetComponentState(nint e, nint stream) => ((delegate* unmanaged<nint, nint, int>)V(e)[5])(e, stream);

    public static int GetParameterCount(nint e) => ((delegate* unmanaged<nint, int>)V(e)[8])(e);

    public static int GetParameterInfo(nint e, int index, ParameterInfoData* info) =>
        ((delegate* unmanaged<nint, int, ParameterInfoData*, int>)V(e)[9])(e, index, info);

    public static string GetParamString(nint e, uint id, double value)
    {
        char* text = stackalloc char[128];
        var status = ((delegate* unmanaged<nint, uint, double, char*, int>)V(e)[10])(e, id, value, text);
        return status == Vst3Ids.ResultOk ? new string(text) : "<error>";
    }

    public static int GetParamValueByString(nint e, uint id, string text, out double value)
    {
        double v = 0;
        fixed (char* t = text + "\0")
        {
            var status = ((delegate* unmanaged<nint, uint, char*, double*, int>)V(e)[11])(e, id, t, &v);
            value = v;
            return status;
        }
    }

    public static int GetParamStringByValue(nint e, uint id, double value, char* text) =>
        ((delegate* unmanaged<nint, uint, double, char*, int>)V(e)[10])(e, id, value, text);

    public static int GetParamValueByStringRaw(nint e, uint id, char* text, double* value) =>
        ((delegate* unmanaged<nint, uint, char*, double*, int>)V(e)[11])(e, id, text, value);

    public static double NormalizedToPlain(nint e, uint id, double value) => ((delegate* unmanaged<nint, uint, double, double>)V(e)[12])(e, id, value);

    public static double PlainToNormalized(nint e, uint id, double value) => ((delegate* unmanaged<nint, uint, double, double>)V(e)[13])(e, id, value);

    public static double GetParamNormalized(nint e, uint id) => ((delegate* unmanaged<nint, uint, double>)V(e)[14])(e, id);

    public static int SetParamNormalized(nint e, uint id, double value) => ((delegate* unmanaged<nint, uint, double, int>)V(e)[15])(e, id, value);

    public static int SetComponentHandler(nint e, nint handler) => ((delegate* unmanaged<nint, nint, int>)V(e)[16])(e, handler);

    public static nint CreateView(nint e) => ((delegate* unmanaged<nint, byte*, nint>)V(e)[17])(e, null);
}
