using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// The one processor-to-controller message: "the processor was activated with this latency". Sent from setActive on
/// the UI thread (hosts drop messages sent from the audio thread) through the host's IMessage objects.
/// </summary>
internal static unsafe class Messages
{
    private static ReadOnlySpan<byte> ActivatedId => "KamHp.Activated"u8;

    private static ReadOnlySpan<byte> LatencyKey => "latencySamples"u8;

    public static void SendActivated(nint hostContext, nint peer, int latencySamples)
    {
        if (hostContext == 0 || peer == 0 || Host.QueryInterface(hostContext, HostApplicationAbi.Iid, out var application) != TResult.Ok)
        {
            return;
        }

        try
        {
            byte* iid = stackalloc byte[16];
            Tuid.Write(MessageAbi.Iid, iid);
            void* created = null;
            if (HostApplicationAbi.CreateInstance(application, iid, iid, &created) != TResult.Ok || created == null)
            {
                return;
            }

            var message = (nint)created;

            // u8 literals are stored with a trailing NUL, so their pointers are valid C strings.
            fixed (byte* id = ActivatedId)
            fixed (byte* key = LatencyKey)
            {
                MessageAbi.SetMessageID(message, id);
                var attributes = MessageAbi.GetAttributes(message);
                if (attributes != 0)
                {
                    AttributeListAbi.SetInt(attributes, key, latencySamples);
                    ConnectionPointAbi.Notify(peer, message);
                }
            }

            UnknownAbi.Release(message);
        }
        finally
        {
            UnknownAbi.Release(application);
        }
    }

    public static bool TryReadActivated(nint message, out int latencySamples)
    {
        latencySamples = 0;
        if (message == 0 || !Text.EqualsAscii(MessageAbi.GetMessageID(message), ActivatedId))
        {
            return false;
        }

        var attributes = MessageAbi.GetAttributes(message);
        long value = 0;
        fixed (byte* key = LatencyKey)
        {
            if (attributes == 0 || AttributeListAbi.GetInt(attributes, key, &value) != TResult.Ok || value < 0 || value > int.MaxValue)
            {
                return false;
            }
        }

        latencySamples = (int)value;
        return true;
    }
}
