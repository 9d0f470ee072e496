namespace KamHp.Dsp.Offline;

/// <summary>Harmonic and percussive time signals after one iteration; planar, same shape as the input.</summary>
/// <param name="Iteration">Iteration number, 1-based.</param>
/// <param name="Harmonic">Harmonic estimate per channel.</param>
/// <param name="Percussive">Percussive estimate per channel (input - harmonic, so the two sum to the input).</param>
public sealed record SeparatedSignals(int Iteration, float[][] Harmonic, float[][] Percussive);
