using KamHp.Dsp.Spatial;

namespace KamHp.Tests.Dsp.Spatial;

public sealed class Hermitian2x2Tests
{
    [Fact]
    public void Inverse_OfHandCheckedMatrix_TimesMatrix_IsIdentity()
    {
        // M = [[2, 1+i], [1-i, 3]], det = 6 - 2 = 4, M^-1 = [[3, -1-i], [-1+i, 2]] / 4
        var m = new Hermitian2x2(2, 1, 1, 3);
        Assert.Equal(4, m.Determinant, 12);
        Hermitian2x2 inverse = m.RegularizedInverse(0, 0);
        Assert.Equal(0.75, inverse.A, 12);
        Assert.Equal(-0.25, inverse.BReal, 12);
        Assert.Equal(-0.25, inverse.BImag, 12);
        Assert.Equal(0.5, inverse.D, 12);
        var p = m.Product(inverse);
        Assert.Equal(1, p.P00R, 12);
        Assert.Equal(0, p.P00I, 12);
        Assert.Equal(0, p.P01R, 12);
        Assert.Equal(0, p.P01I, 12);
        Assert.Equal(0, p.P10R, 12);
        Assert.Equal(0, p.P10I, 12);
        Assert.Equal(1, p.P11R, 12);
        Assert.Equal(0, p.P11I, 12);
    }

    [Fact]
    public void RegularizedInverse_OfSingularMonoCovariance_IsFinite()
    {
        var mono = new Hermitian2x2(1, 1, 0, 1);   // L = R: rank one
        Assert.Equal(0, mono.Determinant, 15);
        Hermitian2x2 inverse = mono.RegularizedInverse(1e-6, 0);
        Assert.True(double.IsFinite(inverse.A) && double.IsFinite(inverse.D) && double.IsFinite(inverse.BReal));
        // Along the mono direction (1, 1) the inverse acts as 1 / (2 + delta).
        var (w0r, _, w1r, _) = inverse.Multiply(1, 0, 1, 0);
        Assert.Equal(1 / (2 + 1e-6), w0r, 9);
        Assert.Equal(w0r, w1r, 15);
    }

    [Fact]
    public void QuadraticForm_EqualsTraceOfProductWithOuter()
    {
        var m = new Hermitian2x2(1.5, -0.3, 0.7, 0.8);
        (double a, double b, double c, double d) = (0.2, -1.1, 0.9, 0.4);
        Hermitian2x2 outer = Hermitian2x2.Outer(a, b, c, d);
        var p = m.Product(outer);
        Assert.Equal(p.P00R + p.P11R, m.QuadraticForm(a, b, c, d), 12);
        Assert.Equal(0, p.P00I + p.P11I, 12);
        Assert.Equal((a * a) + (b * b) + (c * c) + (d * d), outer.Trace, 12);
    }
}
