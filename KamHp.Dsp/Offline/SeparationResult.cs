namespace KamHp.Dsp.Offline;

/// <summary>What the offline separator returns.</summary>
/// <param name="Iterations">Outputs after each iteration when asked for, otherwise only the last.</param>
public sealed record SeparationResult(IReadOnlyList<SeparatedSignals> Iterations)
{
    /// <summary>The output after the last iteration.</summary>
    public SeparatedSignals Final => Iterations[^1];
}
