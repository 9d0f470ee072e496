namespace KamHp.Vst3;

/// <summary>
/// Optional trace of host calls for debugging host differences: set KAMHP_VST3_TRACE=1 in the host's environment and
/// lifecycle calls (never the audio thread's process) are written to standard error.
/// </summary>
internal static class Diagnostics
{
    /// <summary>True when tracing is on; check it before building a message on a path that must not allocate.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("KAMHP_VST3_TRACE") == "1";

    public static void Trace(string message)
    {
        if (Enabled)
        {
            Console.Error.WriteLine("[KamHp] " + message);
        }
    }
}
