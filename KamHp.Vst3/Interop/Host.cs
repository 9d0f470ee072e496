namespace KamHp.Vst3.Interop;

/// <summary>
/// Calls into host-side VST3 objects through their vtables (index = declaration order, FUnknown's three first).
/// Every pointer here is borrowed from the host for the duration of a call unless the caller took a reference.
/// </summary>
internal static unsafe class Host
{
    private static nint* Vtable(nint self) => *(nint**)self;

    // FUnknown
    public static int QueryInterface(nint self, Guid iid, out nint result)
    {
        byte* id = stackalloc byte[16];
        Tuid.Write(iid, id);
        nint obj = 0;
        var status = ((delegate* unmanaged<nint, byte*, nint*, int>)Vtable(self)[0])(self, id, &obj);
        result = status == TResult.Ok ? obj : 0;
        return status;
    }

    public static uint AddRef(nint self) => ((delegate* unmanaged<nint, uint>)Vtable(self)[1])(self);

    public static uint Release(nint self) => ((delegate* unmanaged<nint, uint>)Vtable(self)[2])(self);

    // IBStream
    public static int Read(nint stream, void* buffer, int count, int* read) =>
        ((delegate* unmanaged<nint, void*, int, int*, int>)Vtable(stream)[3])(stream, buffer, count, read);

    public static int Write(nint stream, void* buffer, int count, int* written) =>
        ((delegate* unmanaged<nint, void*, int, int*, int>)Vtable(stream)[4])(stream, buffer, count, written);

    /// <summary>Reads until <paramref name="destination"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadFully(nint stream, Span<byte> destination)
    {
        var total = 0;
        fixed (byte* p = destination)
        {
            while (total < destination.Length)
            {
                var read = 0;
                var status = Read(stream, p + total, destination.Length - total, &read);
                if (status != TResult.Ok || read <= 0)
                {
                    break;
                }

                total += Math.Min(read, destination.Length - total);
            }
        }

        return total;
    }

    /// <summary>Writes all of <paramref name="source"/>; false if the stream refuses or stalls.</summary>
    public static bool WriteFully(nint stream, ReadOnlySpan<byte> source)
    {
        var total = 0;
        fixed (byte* p = source)
        {
            while (total < source.Length)
            {
                var written = 0;
                var status = Write(stream, p + total, source.Length - total, &written);
                if (status != TResult.Ok || written <= 0)
                {
                    return false;
                }

                total += written;
            }
        }

        return true;
    }

    // IParameterChanges
    public static int ChangesCount(nint changes) => ((delegate* unmanaged<nint, int>)Vtable(changes)[3])(changes);

    public static nint ChangesQueue(nint changes, int index) => ((delegate* unmanaged<nint, int, nint>)Vtable(changes)[4])(changes, index);

    public static nint ChangesAdd(nint changes, uint* id, int* index) =>
        ((delegate* unmanaged<nint, uint*, int*, nint>)Vtable(changes)[5])(changes, id, index);

    // IParamValueQueue
    public static uint QueueParameterId(nint queue) => ((delegate* unmanaged<nint, uint>)Vtable(queue)[3])(queue);

    public static int QueuePointCount(nint queue) => ((delegate* unmanaged<nint, int>)Vtable(queue)[4])(queue);

    public static int QueueGetPoint(nint queue, int index, int* offset, double* value) =>
        ((delegate* unmanaged<nint, int, int*, double*, int>)Vtable(queue)[5])(queue, index, offset, value);

    public static int QueueAddPoint(nint queue, int offset, double value, int* index) =>
        ((delegate* unmanaged<nint, int, double, int*, int>)Vtable(queue)[6])(queue, offset, value, index);

    // IComponentHandler
    public static int RestartComponent(nint handler, int flags) => ((delegate* unmanaged<nint, int, int>)Vtable(handler)[6])(handler, flags);

    // IHostApplication
    public static int CreateInstance(nint application, byte* cid, byte* iid, nint* result) =>
        ((delegate* unmanaged<nint, byte*, byte*, nint*, int>)Vtable(application)[4])(application, cid, iid, result);

    // IMessage
    public static byte* MessageId(nint message) => ((delegate* unmanaged<nint, byte*>)Vtable(message)[3])(message);

    public static void SetMessageId(nint message, byte* id) => ((delegate* unmanaged<nint, byte*, void>)Vtable(message)[4])(message, id);

    public static nint MessageAttributes(nint message) => ((delegate* unmanaged<nint, nint>)Vtable(message)[5])(message);

    // IAttributeList
    public static int SetInt(nint attributes, byte* id, long value) =>
        ((delegate* unmanaged<nint, byte*, long, int>)Vtable(attributes)[3])(attributes, id, value);

    public static int GetInt(nint attributes, byte* id, long* value) =>
        ((delegate* unmanaged<nint, byte*, long*, int>)Vtable(attributes)[4])(attributes, id, value);

    // IConnectionPoint
    public static int Notify(nint connection, nint message) => ((delegate* unmanaged<nint, nint, int>)Vtable(connection)[5])(connection, message);
}
