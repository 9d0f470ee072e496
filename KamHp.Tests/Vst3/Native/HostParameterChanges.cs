using System.Runtime.InteropServices;

namespace KamHp.Tests.Vst3.Native;

/// <summary>IParamValueQueue: the points of one parameter in one block.</summary>
internal sealed unsafe class HostParamQueue : HostObject
{
    private static readonly nint s_vtable = Build();

    public HostParamQueue(uint id)
        : base(s_vtable)
    {
        Id = id;
    }

    public uint Id { get; }

    public List<(int Offset, double Value)> Points { get; } = [];

    /// <summary>A point count to claim instead of the real one (a lying host).</summary>
    public int? ClaimedPointCount { get; set; }

    /// <summary>Calls the plug-in made on this queue.</summary>
    public int Calls { get; private set; }

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == Vst3Ids.ParamValueQueue ? 0 : -1;

    private static nint Build()
    {
        var v = NewVtable(7);
        v[3] = (nint)(delegate* unmanaged<nint, uint>)&GetParameterId;
        v[4] = (nint)(delegate* unmanaged<nint, int>)&GetPointCount;
        v[5] = (nint)(delegate* unmanaged<nint, int, int*, double*, int>)&GetPoint;
        v[6] = (nint)(delegate* unmanaged<nint, int, double, int*, int>)&AddPoint;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static uint GetParameterId(nint self) => Get<HostParamQueue>(self).Id;

    [UnmanagedCallersOnly]
    private static int GetPointCount(nint self)
    {
        var q = Get<HostParamQueue>(self);
        q.Calls++;
        return q.ClaimedPointCount ?? q.Points.Count;
    }

    [UnmanagedCallersOnly]
    private static int GetPoint(nint self, int index, int* offset, double* value)
    {
        var q = Get<HostParamQueue>(self);
        q.Calls++;
        if (index < 0 || index >= q.Points.Count)
        {
            return Vst3Ids.ResultFalse;
        }

        *offset = q.Points[index].Offset;
        *value = q.Points[index].Value;
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int AddPoint(nint self, int offset, double value, int* index)
    {
        var q = Get<HostParamQueue>(self);
        q.Points.Add((offset, value));
        if (index != null)
        {
            *index = q.Points.Count - 1;
        }

        return Vst3Ids.ResultOk;
    }
}

/// <summary>IParameterChanges: the queues of one block (input from the host or output from the plug-in).</summary>
internal sealed unsafe class HostParameterChanges : HostObject
{
    private static readonly nint s_vtable = Build();
    private int _calls;

    public HostParameterChanges()
        : base(s_vtable)
    {
    }

    public List<HostParamQueue> Queues { get; } = [];

    /// <summary>A queue count to claim instead of the real one (a lying host).</summary>
    public int? ClaimedQueueCount { get; init; }

    /// <summary>Calls the plug-in made on these changes and their queues.</summary>
    public int Calls => _calls + Queues.Sum(q => q.Calls);

    public HostParameterChanges Add(uint id, int offset, double value)
    {
        var queue = Queues.Find(q => q.Id == id);
        if (queue is null)
        {
            queue = new HostParamQueue(id);
            Queues.Add(queue);
        }

        queue.Points.Add((offset, value));
        return this;
    }

    public double? LastValue(uint id) => Queues.Find(q => q.Id == id)?.Points.LastOrDefault().Value;

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == Vst3Ids.ParameterChanges ? 0 : -1;

    private static nint Build()
    {
        var v = NewVtable(6);
        v[3] = (nint)(delegate* unmanaged<nint, int>)&GetParameterCount;
        v[4] = (nint)(delegate* unmanaged<nint, int, nint>)&GetParameterData;
        v[5] = (nint)(delegate* unmanaged<nint, uint*, int*, nint>)&AddParameterData;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static int GetParameterCount(nint self)
    {
        var c = Get<HostParameterChanges>(self);
        c._calls++;
        return c.ClaimedQueueCount ?? c.Queues.Count;
    }

    [UnmanagedCallersOnly]
    private static nint GetParameterData(nint self, int index)
    {
        var c = Get<HostParameterChanges>(self);
        c._calls++;
        return index < 0 || index >= c.Queues.Count ? 0 : c.Queues[index].Pointer;
    }

    [UnmanagedCallersOnly]
    private static nint AddParameterData(nint self, uint* id, int* index)
    {
        var c = Get<HostParameterChanges>(self);
        var i = c.Queues.FindIndex(q => q.Id == *id);
        if (i < 0)
        {
            c.Queues.Add(new HostParamQueue(*id));
            i = c.Queues.Count - 1;
        }

        *index = i;
        return c.Queues[i].Pointer;
    }
}

/// <summary>IComponentHandler: records edits and restart requests (the test acts on them afterwards).</summary>
internal sealed unsafe class HostComponentHandler : HostObject
{
    private static readonly nint s_vtable = Build();

    public HostComponentHandler()
        : base(s_vtable)
    {
    }

    public List<int> RestartFlags { get; } = [];

    /// <summary>Every beginEdit / performEdit / endEdit, in order ("begin", id, NaN), ("perform", id, value), ("end", id, NaN).</summary>
    public List<(string Kind, uint Id, double Value)> Edits { get; } = [];

    protected override int IndexOf(Guid iid) => iid == Vst3Ids.FUnknown || iid == Vst3Ids.ComponentHandler ? 0 : -1;

    private static nint Build()
    {
        var v = NewVtable(7);
        v[3] = (nint)(delegate* unmanaged<nint, uint, int>)&BeginEdit;
        v[4] = (nint)(delegate* unmanaged<nint, uint, double, int>)&PerformEdit;
        v[5] = (nint)(delegate* unmanaged<nint, uint, int>)&EndEdit;
        v[6] = (nint)(delegate* unmanaged<nint, int, int>)&RestartComponent;
        return (nint)v;
    }

    [UnmanagedCallersOnly]
    private static int BeginEdit(nint self, uint id)
    {
        Get<HostComponentHandler>(self).Edits.Add(("begin", id, double.NaN));
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int PerformEdit(nint self, uint id, double value)
    {
        Get<HostComponentHandler>(self).Edits.Add(("perform", id, value));
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int EndEdit(nint self, uint id)
    {
        Get<HostComponentHandler>(self).Edits.Add(("end", id, double.NaN));
        return Vst3Ids.ResultOk;
    }

    [UnmanagedCallersOnly]
    private static int RestartComponent(nint self, int flags)
    {
        Get<HostComponentHandler>(self).RestartFlags.Add(flags);
        return Vst3Ids.ResultOk;
    }
}
