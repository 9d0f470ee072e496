namespace KamHp.Cli.Audio;

/// <summary>
/// A WAV file that cannot be read: malformed, truncated or in a format KamHp does not support.
/// The message is one line, <c>"&lt;file&gt;: &lt;problem&gt;"</c>, fit to show a user as it is.
/// </summary>
public sealed class WavFormatException : Exception
{
    public WavFormatException()
    {
    }

    public WavFormatException(string message)
        : base(message)
    {
    }

    public WavFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="filePath"/> with a one-line <paramref name="problem"/>.</summary>
    public WavFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file as the caller named it, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The problem without the file name, when known.</summary>
    public string? Problem { get; }
}
