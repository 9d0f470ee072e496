namespace KamHp.Cli.Evaluation;

/// <summary>Offline (whole file, paper-exact) or streaming (the real-time engine, aligned by its latency).</summary>
internal enum EvalMode
{
    Offline,
    Streaming,
}
