using System.Runtime.CompilerServices;

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

    /// <summary>
    /// An interpolated message, formatted only when tracing is on. Hosts call setActive, setParamNormalized and
    /// getLatencySamples thousands of times in a long session; a message string built on each call while tracing is off
    /// was garbage the plugin's collector (NativeAOT, sized for a whole application) let pile up: issue 15.
    /// </summary>
    public static void Trace([InterpolatedStringHandlerArgument] ref TraceMessage message)
    {
        if (Enabled)
        {
            Console.Error.WriteLine("[KamHp] " + message.ToStringAndClear());
        }
    }

    /// <summary>Builds a trace message only when <see cref="Enabled"/>.</summary>
    [InterpolatedStringHandler]
    public ref struct TraceMessage
    {
        private DefaultInterpolatedStringHandler _inner;

        public TraceMessage(int literalLength, int formattedCount, out bool shouldAppend)
        {
            shouldAppend = Enabled;
            _inner = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        public void AppendLiteral(string value) => _inner.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

        public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

        public string ToStringAndClear() => _inner.ToStringAndClear();
    }
}
