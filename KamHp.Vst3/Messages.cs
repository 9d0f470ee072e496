using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// The one processor-to-controller message: "the processor was activated with this latency" (with the token of its
/// editor feed, see <see cref="AudioPlugSharp.KamHp.Editor.EditorFeedRegistry"/>). Sent from setActive on
/// the UI thread (hosts drop messages sent from the audio thread) through the host's IMessage objects.
/// </summary>
internal static unsafe class Messages
{
    private static ReadOnlySpan<byte> ActivatedId => "KamHp.Activated"u8;

    private static ReadOnlySpan<byte> LatencyKey => "latencySamples"u8;

    private static ReadOnlySpan<byte> ChangedKey => "latencyChanged"u8;

    private static ReadOnlySpan<byte> FeedKey => "editorFeed"u8;

    /// <summary>Tells the controller the active latency; <paramref name="latencyChanged"/> when re-activated while active with another one.</summary>
    public static void SendActivated(nint hostContext, nint peer, int latencySamples, bool latencyChanged, long feedToken)
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
            fixed (byte* changedKey = ChangedKey)
            fixed (byte* feedKey = FeedKey)
            {
                MessageAbi.SetMessageID(message, id);
                var attributes = MessageAbi.GetAttributes(message);
                if (attributes != 0)
                {
                    AttributeListAbi.SetInt(attributes, key, latencySamples);
                    AttributeListAbi.SetInt(attributes, changedKey, latencyChanged ? 1 : 0);
                    AttributeListAbi.SetInt(attributes, feedKey, feedToken);
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

    public static bool TryReadActivated(nint message, out int latencySamples, out bool latencyChanged, out long feedToken)
    {
        latencySamples = 0;
        latencyChanged = false;
        feedToken = 0;
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
        long changed = 0;
        fixed (byte* changedKey = ChangedKey)
        {
            latencyChanged = AttributeListAbi.GetInt(attributes, changedKey, &changed) == TResult.Ok && changed != 0;
        }

        // Optional (a proxy host may drop it): without it the editor shows no live data.
        long token = 0;
        fixed (byte* feedKey = FeedKey)
        {
            feedToken = AttributeListAbi.GetInt(attributes, feedKey, &token) == TResult.Ok ? token : 0;
        }

        return true;
    }
}
