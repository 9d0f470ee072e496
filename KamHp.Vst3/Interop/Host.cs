namespace KamHp.Vst3.Interop;

/// <summary>
/// Helpers over the generated caller stubs for host objects (<c>UnknownAbi</c>, <c>BStreamAbi</c>, ...). Every pointer
/// here is borrowed from the host for the duration of a call unless the caller took a reference.
/// </summary>
internal static unsafe class Host
{
    /// <summary>FUnknown::queryInterface with a managed id; <paramref name="result"/> is 0 unless the host said Ok.</summary>
    public static int QueryInterface(nint self, Guid iid, out nint result)
    {
        byte* id = stackalloc byte[16];
        Tuid.Write(iid, id);
        void* obj = null;
        var status = UnknownAbi.QueryInterface(self, id, &obj);
        result = status == TResult.Ok ? (nint)obj : 0;
        return status;
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadFully(nint stream, Span<byte> destination)
    {
        var total = 0;
        fixed (byte* p = destination)
        {
            while (total < destination.Length)
            {
                var read = 0;
                var status = BStreamAbi.Read(stream, p + total, destination.Length - total, &read);
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
                var status = BStreamAbi.Write(stream, p + total, source.Length - total, &written);
                if (status != TResult.Ok || written <= 0)
                {
                    return false;
                }

                total += Math.Min(written, source.Length - total);
            }
        }

        return true;
    }
}
