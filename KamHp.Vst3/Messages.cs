using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// The one processor-to-controller message: "the processor was activated with this latency" (and the token of its
/// editor feed, see <see cref="AudioPlugSharp.KamHp.Editor.EditorFeedRegistry"/>). Sent from setActive on
/// the UI thread (hosts drop messages sent from the audio thread) through the host's IMessage objects.
/// </summary>
internal static unsafe class Messages
{
    private static ReadOnlySpan<byte> ActivatedId => "KamHp.Activated"u8;

    private static ReadOnlySpan<byte> LatencyKey => "latencySamples"u8;

    private static ReadOnlySpan<byte> FeedKey => "editorFeed"u8;

    public static void SendActivated(nint hostContext, nint peer, int latencySamples, long feedToken)
    {
        if (hostContext == 0 || peer == 0 || Host.QueryInterface(hostContext, Iid.HostApplication, out var application) != TResult.Ok)
        {
            return;
        }

        try
        {
            byte* iid = stackalloc byte[16];
            Tuid.Write(Iid.Message, iid);
            nint message = 0;
            if (Host.CreateInstance(application, iid, iid, &message) != TResult.Ok || message == 0)
            {
                return;
            }

            // u8 literals are stored with a trailing NUL, so their pointers are valid C strings.
            fixed (byte* id = ActivatedId)
            fixed (byte* key = LatencyKey)
            fixed (byte* feedKey = FeedKey)
            {
                Host.SetMessageId(message, id);
                var attributes = Host.MessageAttributes(message);
                if (attributes != 0)
                {
                    Host.SetInt(attributes, key, latencySamples);
                    Host.SetInt(attributes, feedKey, feedToken);
                    Host.Notify(peer, message);
                }
            }

            Host.Release(message);
        }
        finally
        {
            Host.Release(application);
        }
    }

    public static bool TryReadActivated(nint message, out int latencySamples, out long feedToken)
    {
        latencySamples = 0;
        feedToken = 0;
        if (message == 0 || !Text.EqualsAscii(Host.MessageId(message), ActivatedId))
        {
            return false;
        }

        var attributes = Host.MessageAttributes(message);
        long value = 0;
        fixed (byte* key = LatencyKey)
        {
            if (attributes == 0 || Host.GetInt(attributes, key, &value) != TResult.Ok || value < 0 || value > int.MaxValue)
            {
                return false;
            }
        }

        latencySamples = (int)value;

        // The feed token is optional (a proxy host may drop it): without it the editor shows no live data.
        long token = 0;
        fixed (byte* feedKey = FeedKey)
        {
            feedToken = Host.GetInt(attributes, feedKey, &token) == TResult.Ok ? token : 0;
        }

        return true;
    }
}
