using System.Runtime.CompilerServices;

namespace KamHp.Dsp.Spatial;

/// <summary>
/// A 2x2 complex Hermitian matrix [[A, B], [conj(B), D]] with real A, D: the spatial covariance R_j(f) and
/// the mixture covariance of the KAM model (FitzGerald et al. 2014, eqs. 5-7). Double precision, because the
/// inverse of a nearly singular covariance (near-mono material) loses digits by cancellation.
/// </summary>
/// <param name="A">Top-left (real) element.</param>
/// <param name="BReal">Real part of the top-right element.</param>
/// <param name="BImag">Imaginary part of the top-right element.</param>
/// <param name="D">Bottom-right (real) element.</param>
public readonly record struct Hermitian2x2(double A, double BReal, double BImag, double D)
{
    /// <summary>The identity matrix.</summary>
    public static Hermitian2x2 Identity => new(1, 0, 0, 1);

    /// <summary>Trace, A + D.</summary>
    public double Trace => A + D;

    /// <summary>Determinant, A D - |B|^2 (real for a Hermitian matrix).</summary>
    public double Determinant => (A * D) - (BReal * BReal) - (BImag * BImag);

    /// <summary>The outer product v v^H of the complex 2-vector v = (v0, v1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Hermitian2x2 Outer(double v0Real, double v0Imag, double v1Real, double v1Imag) =>
        new(
            (v0Real * v0Real) + (v0Imag * v0Imag),
            (v0Real * v1Real) + (v0Imag * v1Imag),   // v0 * conj(v1)
            (v0Imag * v1Real) - (v0Real * v1Imag),
            (v1Real * v1Real) + (v1Imag * v1Imag));

    /// <summary>Scaled sum, this * a + other * b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Hermitian2x2 Combine(double a, Hermitian2x2 other, double b) =>
        new((A * a) + (other.A * b), (BReal * a) + (other.BReal * b), (BImag * a) + (other.BImag * b), (D * a) + (other.D * b));

    /// <summary>
    /// Inverse of (this + delta I) with delta = <paramref name="relativeRegularization"/> x trace/2 + <paramref name="absoluteFloor"/>:
    /// a positive semidefinite matrix that is singular (mono material: L = R) becomes invertible, and a
    /// well-conditioned one is changed by a relative amount of about the regularisation.
    /// </summary>
    /// <param name="relativeRegularization">Loading relative to the mean eigenvalue, e.g. 1e-6; 0 or more.</param>
    /// <param name="absoluteFloor">Loading added regardless of scale, so the zero matrix stays invertible; 0 or more.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Hermitian2x2 RegularizedInverse(double relativeRegularization, double absoluteFloor)
    {
        double delta = (relativeRegularization * 0.5 * (A + D)) + absoluteFloor;
        double a = A + delta;
        double d = D + delta;
        double det = (a * d) - (BReal * BReal) - (BImag * BImag);
        double inv = 1.0 / det;
        return new Hermitian2x2(d * inv, -BReal * inv, -BImag * inv, a * inv);
    }

    /// <summary>The quadratic form v^H M v (real for Hermitian M); equals tr(M v v^H).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double QuadraticForm(double v0Real, double v0Imag, double v1Real, double v1Imag)
    {
        // v^H M v = A|v0|^2 + D|v1|^2 + 2 Re(conj(v0) B v1)
        double cross = (v0Real * ((BReal * v1Real) - (BImag * v1Imag))) + (v0Imag * ((BReal * v1Imag) + (BImag * v1Real)));
        return (A * ((v0Real * v0Real) + (v0Imag * v0Imag))) + (D * ((v1Real * v1Real) + (v1Imag * v1Imag))) + (2 * cross);
    }

    /// <summary>Matrix-vector product M v for the complex 2-vector v; returns (w0, w1) as real/imaginary parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double W0Real, double W0Imag, double W1Real, double W1Imag) Multiply(double v0Real, double v0Imag, double v1Real, double v1Imag) =>
        ((A * v0Real) + (BReal * v1Real) - (BImag * v1Imag),
         (A * v0Imag) + (BReal * v1Imag) + (BImag * v1Real),
         (BReal * v0Real) + (BImag * v0Imag) + (D * v1Real),
         (BReal * v0Imag) - (BImag * v0Real) + (D * v1Imag));

    /// <summary>
    /// Product P = this x other of two Hermitian matrices, as a general complex 2x2 (not Hermitian in general):
    /// returns (p00, p01, p10, p11), each as (real, imaginary).
    /// </summary>
    public (double P00R, double P00I, double P01R, double P01I, double P10R, double P10I, double P11R, double P11I) Product(Hermitian2x2 other)
    {
        // this = [[A, B], [B*, D]], other = [[a, b], [b*, d]]
        double br = BReal, bi = BImag, obr = other.BReal, obi = other.BImag;
        return (
            (A * other.A) + ((br * obr) + (bi * obi)),                // A a + B b*
            (bi * obr) - (br * obi),
            (A * obr) + (br * other.D),                                // A b + B d
            (A * obi) + (bi * other.D),
            (br * other.A) + (D * obr),                                // B* a + D b*
            (-bi * other.A) - (D * obi),
            ((br * obr) + (bi * obi)) + (D * other.D),                 // B* b + D d
            (br * obi) - (bi * obr));
    }
}
