namespace KamHp.Cli.Live.Jack;

/// <summary>
/// JACK cannot be used: the library is not installed, no server is running (under the requested name), or the server
/// refused the client or its ports. The message is one line for the user.
/// </summary>
internal sealed class JackUnavailableException : Exception
{
    public JackUnavailableException()
    {
    }

    public JackUnavailableException(string message)
        : base(message)
    {
    }

    public JackUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
