using System.Security.Cryptography;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// Lets a controller find its processor's <see cref="EditorFeed"/> in the same process from a token the processor sends
/// it (VST3 keeps the two objects apart and passes only host messages). A token is random and only ever looked up,
/// never turned into a pointer, so a forged or stale token from a host finds nothing. UI thread; the lock is never
/// taken on the audio thread.
/// </summary>
public static class EditorFeedRegistry
{
    private static readonly Dictionary<long, WeakReference<EditorFeed>> s_feeds = [];
    private static readonly Lock s_lock = new();

    /// <summary>Registers a feed and returns its token (never 0).</summary>
    public static long Register(EditorFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        lock (s_lock)
        {
            long token;
            do
            {
                token = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
            }
            while (token == 0 || s_feeds.ContainsKey(token));

            s_feeds[token] = new WeakReference<EditorFeed>(feed);
            return token;
        }
    }

    /// <summary>Forgets a token.</summary>
    public static void Unregister(long token)
    {
        lock (s_lock)
        {
            s_feeds.Remove(token);
        }
    }

    /// <summary>The feed registered under <paramref name="token"/>, if it is still alive.</summary>
    public static bool TryGet(long token, out EditorFeed? feed)
    {
        lock (s_lock)
        {
            feed = null;
            return s_feeds.TryGetValue(token, out var reference) && reference.TryGetTarget(out feed);
        }
    }
}
