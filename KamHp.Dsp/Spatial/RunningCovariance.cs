namespace KamHp.Dsp.Spatial;

/// <summary>
/// The streaming form of the paper's spatial covariance R_j(f) (FitzGerald et al. 2014, Algorithm 1 step 4b): per
/// bin, an exponentially weighted average of I x C_j / tr C_j over past frames instead of the average over the whole
/// excerpt, starting from identity. One instance per stage and source; structure of arrays (one span per element) so
/// that bins load as vectors. The update itself lives in the stage kernels, fused with the Wiener filter.
/// </summary>
public sealed class RunningCovariance
{
    private readonly double[] _a;
    private readonly double[] _bReal;
    private readonly double[] _bImag;
    private readonly double[] _d;

    /// <summary>Allocates <paramref name="binCount"/> identity matrices.</summary>
    /// <param name="binCount">Bins, 0 or more (may include padding bins).</param>
    public RunningCovariance(int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(binCount);
        _a = ResidentArray.Allocate<double>(binCount);
        _bReal = ResidentArray.Allocate<double>(binCount);
        _bImag = ResidentArray.Allocate<double>(binCount);
        _d = ResidentArray.Allocate<double>(binCount);
        SetIdentity(0, binCount);
    }

    /// <summary>Number of bins.</summary>
    public int BinCount => _a.Length;

    /// <summary>
    /// Forgetting factor per frame for a time constant: alpha = 1 - exp(-hop / (tau x rate)), the weight of the newest frame.
    /// </summary>
    /// <param name="timeConstantSeconds">Time constant tau in seconds, positive.</param>
    /// <param name="hopSize">Hop in samples.</param>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    public static double ForgettingFactor(double timeConstantSeconds, int hopSize, double sampleRateHz) =>
        -double.ExpM1(-hopSize / (timeConstantSeconds * sampleRateHz));

    /// <summary>A view of bins [start, start + length).</summary>
    public CovarianceRow Row(int start, int length) => new(
        _a.AsSpan(start, length), _bReal.AsSpan(start, length), _bImag.AsSpan(start, length), _d.AsSpan(start, length));

    /// <summary>Sets bins [start, start + length) to the identity (real-time safe).</summary>
    public void SetIdentity(int start, int length)
    {
        _a.AsSpan(start, length).Fill(1.0);
        _bReal.AsSpan(start, length).Clear();
        _bImag.AsSpan(start, length).Clear();
        _d.AsSpan(start, length).Fill(1.0);
    }

    /// <summary>Copies bins [start, start + length) from <paramref name="source"/> (real-time safe).</summary>
    public void CopyFrom(RunningCovariance source, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(source);
        source._a.AsSpan(start, length).CopyTo(_a.AsSpan(start, length));
        source._bReal.AsSpan(start, length).CopyTo(_bReal.AsSpan(start, length));
        source._bImag.AsSpan(start, length).CopyTo(_bImag.AsSpan(start, length));
        source._d.AsSpan(start, length).CopyTo(_d.AsSpan(start, length));
    }
}
