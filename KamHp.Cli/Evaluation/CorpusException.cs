namespace KamHp.Cli.Evaluation;

/// <summary>A corpus folder or excerpt that cannot be evaluated; the message is one line naming the file.</summary>
internal sealed class CorpusException(string message) : Exception(message);
