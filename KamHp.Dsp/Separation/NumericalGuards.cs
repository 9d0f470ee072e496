namespace KamHp.Dsp.Separation;

/// <summary>
/// The numerical guards of the separation, defined once for the offline separator and the streaming stages (both
/// choices are ours: the paper, FitzGerald et al. 2014, is silent on silence and singular covariances).
/// </summary>
public static class NumericalGuards
{
    /// <summary>
    /// Powers (and covariance traces) at or below this are treated as silence, in squared-magnitude units: where
    /// s_H + s_P is at or below it each source gets half the mixture, and a frame whose tr C_j is at or below it does
    /// not update R_j (silence has no direction).
    /// </summary>
    public const double PowerFloor = 1e-20;

    /// <summary>
    /// Diagonal loading of a covariance before inversion, relative to its mean eigenvalue: mono material (L = R) makes
    /// the 2x2 covariances singular.
    /// </summary>
    public const double Regularization = 1e-6;

    /// <summary>
    /// The float threshold t with (sum &gt; t) exactly when ((double)sum &gt; <see cref="PowerFloor"/>), so that a
    /// float comparison (as in a vector kernel) gives the double comparison's answer bit for bit.
    /// </summary>
    public static readonly float PowerFloorSingle = ComputePowerFloorSingle();

    private static float ComputePowerFloorSingle()
    {
        float floor = (float)PowerFloor;
        return floor > PowerFloor ? MathF.BitDecrement(floor) : floor;
    }
}
