using KamHp.Dsp.Spatial;

namespace KamHp.Tests.Dsp.Spatial;

public sealed class RunningCovarianceTests
{
    [Fact]
    public void ForgettingFactor_GivesOneOverETheWeight_AfterOneTimeConstant()
    {
        double alpha = RunningCovariance.ForgettingFactor(timeConstantSeconds: 2, hopSize: 1024, sampleRateHz: 44100);
        int framesPerTimeConstant = (int)Math.Round(2 * 44100 / 1024.0);
        double remaining = Math.Pow(1 - alpha, 2 * 44100 / 1024.0);
        Assert.Equal(Math.Exp(-1), remaining, 1e-12);
        Assert.InRange(alpha, 1.0 / (framesPerTimeConstant + 1), 1.0 / (framesPerTimeConstant - 1));
    }

    [Fact]
    public void NewCovariance_IsIdentity_AndCopyAndResetWorkOnRanges()
    {
        var a = new RunningCovariance(16);
        Assert.Equal(Hermitian2x2.Identity, a.Row(0, 16)[15]);
        var b = new RunningCovariance(16);
        b.Row(0, 16)[3] = new Hermitian2x2(2, 0.5, -0.25, 3);
        b.Row(0, 16)[9] = new Hermitian2x2(4, 0, 0, 4);
        a.CopyFrom(b, 2, 4);
        Assert.Equal(new Hermitian2x2(2, 0.5, -0.25, 3), a.Row(0, 16)[3]);
        Assert.Equal(Hermitian2x2.Identity, a.Row(0, 16)[9]);
        b.SetIdentity(0, 8);
        Assert.Equal(Hermitian2x2.Identity, b.Row(0, 16)[3]);
        Assert.Equal(new Hermitian2x2(4, 0, 0, 4), b.Row(0, 16)[9]);
    }
}
