namespace KamHp.Cli;

/// <summary>Process exit codes of <c>kamhp</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Bad command line: unknown or conflicting options, values out of range.</summary>
    public const int Usage = 1;

    /// <summary>The input file is missing, unreadable, malformed or unsupported.</summary>
    public const int BadInput = 2;

    /// <summary>An output file could not be written (no space, no permission); no output was changed.</summary>
    public const int OutputFailed = 3;

    /// <summary>A bug or an exhausted resource (out of memory): one line naming the error, no stack trace.</summary>
    public const int InternalError = 4;

    /// <summary>Interrupted by SIGINT (Ctrl-C) or SIGTERM; temporaries deleted, no output changed (128 + SIGINT, as shells report).</summary>
    public const int Interrupted = 130;

    /// <summary><c>kamhp live</c>: JACK is not installed (no libjack.so.0), no server is running, or the server shut down.</summary>
    public const int AudioServer = 5;
}
