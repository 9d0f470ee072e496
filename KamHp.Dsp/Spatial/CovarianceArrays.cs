namespace KamHp.Dsp.Spatial;

/// <summary>Owner of one 2x2 Hermitian matrix per bin in structure-of-arrays form; <see cref="Row"/> gives the view.</summary>
public sealed class CovarianceArrays
{
    private readonly double[] _a;
    private readonly double[] _bReal;
    private readonly double[] _bImag;
    private readonly double[] _d;

    /// <summary>Allocates <paramref name="binCount"/> zero matrices.</summary>
    public CovarianceArrays(int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(binCount);
        _a = ResidentArray.Allocate<double>(binCount);
        _bReal = ResidentArray.Allocate<double>(binCount);
        _bImag = ResidentArray.Allocate<double>(binCount);
        _d = ResidentArray.Allocate<double>(binCount);
    }

    /// <summary>Number of bins.</summary>
    public int Length => _a.Length;

    /// <summary>A view over all bins.</summary>
    public CovarianceRow Row() => new(_a, _bReal, _bImag, _d);

    /// <summary>Sets every matrix to zero.</summary>
    public void Clear()
    {
        Array.Clear(_a);
        Array.Clear(_bReal);
        Array.Clear(_bImag);
        Array.Clear(_d);
    }

    /// <summary>Sets every matrix to the identity.</summary>
    public void SetIdentity()
    {
        Array.Fill(_a, 1.0);
        Array.Clear(_bReal);
        Array.Clear(_bImag);
        Array.Fill(_d, 1.0);
    }
}
