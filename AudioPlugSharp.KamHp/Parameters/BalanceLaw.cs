namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>
/// The balance law. For balance b = percent / 100 in -1..+1 the favoured part stays at unity and the other one is
/// scaled linearly in amplitude: harmonic gain = min(1, 1 + b), percussive gain = min(1, 1 - b).
/// So -100 % is percussive only, +100 % is harmonic only, and 0 % is both at unity, which is transparent: the two parts
/// sum to the input (delayed by the latency), bit for bit the null test of the engine. Halfway (+50 %) the percussive part
/// is at 0.5 (-6 dB). Levels multiply on top of these gains.
/// </summary>
public static class BalanceLaw
{
    /// <summary>Gains of the harmonic and percussive parts for a balance in percent (clamped to -100..+100).</summary>
    public static (double Harmonic, double Percussive) Gains(double balancePercent)
    {
        var b = Math.Clamp(balancePercent, -100.0, 100.0) / 100.0;
        return (Math.Min(1.0, 1.0 + b), Math.Min(1.0, 1.0 - b));
    }
}
