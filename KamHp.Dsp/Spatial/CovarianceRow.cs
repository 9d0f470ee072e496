namespace KamHp.Dsp.Spatial;

/// <summary>
/// One 2x2 Hermitian matrix per bin, stored as four spans (structure of arrays) so that consecutive bins are
/// consecutive in memory and load as one vector. A view: it owns nothing.
/// </summary>
public readonly ref struct CovarianceRow
{
    /// <summary>Creates a view over four spans of equal length.</summary>
    public CovarianceRow(Span<double> a, Span<double> bReal, Span<double> bImag, Span<double> d)
    {
        if (bReal.Length != a.Length || bImag.Length != a.Length || d.Length != a.Length)
        {
            throw new ArgumentException("All four spans must have the same length.", nameof(a));
        }

        A = a;
        BReal = bReal;
        BImag = bImag;
        D = d;
    }

    /// <summary>Top-left elements.</summary>
    public Span<double> A { get; }

    /// <summary>Real parts of the top-right elements.</summary>
    public Span<double> BReal { get; }

    /// <summary>Imaginary parts of the top-right elements.</summary>
    public Span<double> BImag { get; }

    /// <summary>Bottom-right elements.</summary>
    public Span<double> D { get; }

    /// <summary>Number of bins.</summary>
    public int Length => A.Length;

    /// <summary>The matrix of bin <paramref name="bin"/>.</summary>
    public Hermitian2x2 this[int bin]
    {
        get => new(A[bin], BReal[bin], BImag[bin], D[bin]);
        set
        {
            A[bin] = value.A;
            BReal[bin] = value.BReal;
            BImag[bin] = value.BImag;
            D[bin] = value.D;
        }
    }

    /// <summary>Bins [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public CovarianceRow Slice(int start, int count) =>
        new(A.Slice(start, count), BReal.Slice(start, count), BImag.Slice(start, count), D.Slice(start, count));
}
