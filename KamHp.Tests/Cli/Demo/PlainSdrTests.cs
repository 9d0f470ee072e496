using KamHp.Cli.Demo;

namespace KamHp.Tests.Cli.Demo;

public sealed class PlainSdrTests
{
    [Fact]
    public void Compute_MatchesAHandWorkedCase()
    {
        // |s|^2 = 1 + 4 = 5 over two channels; |s - s_est|^2 = 0.01 + 0.04 = 0.05; SDR = 10 log10(100) = 20 dB.
        float[][] reference = [[1f, 0f], [0f, 2f]];
        float[][] estimate = [[0.9f, 0f], [0f, 2.2f]];

        Assert.Equal(20.0, PlainSdr.Compute(reference, estimate), 1e-5);
    }

    [Fact]
    public void Compute_PerfectEstimate_IsCappedNotInfinite()
    {
        float[][] reference = [[0.5f, -0.25f]];

        Assert.Equal(PlainSdr.MaxRatioDb, PlainSdr.Compute(reference, reference));
    }

    [Fact]
    public void Compute_RejectsSilentReferenceAndShapeMismatch()
    {
        Assert.Throws<ArgumentException>(() => PlainSdr.Compute([[0f, 0f]], [[1f, 0f]]));
        Assert.Throws<ArgumentException>(() => PlainSdr.Compute([[1f, 0f]], [[1f]]));
        Assert.Throws<ArgumentException>(() => PlainSdr.Compute([[1f]], [[1f], [1f]]));
    }
}
