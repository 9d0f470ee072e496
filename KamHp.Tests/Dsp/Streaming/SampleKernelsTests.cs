using KamHp.Dsp.Streaming;

namespace KamHp.Tests.Dsp.Streaming;

public sealed class SampleKernelsTests
{
    [Fact]
    public void AllFinite_FindsNaNOrInfinity_AtEveryPosition()
    {
        for (int length = 1; length <= 40; length++)
        {
            var values = new float[length];
            Assert.True(SampleKernels.AllFinite(values));
            for (int i = 0; i < length; i++)
            {
                foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
                {
                    values[i] = bad;
                    Assert.False(SampleKernels.AllFinite(values));
                    values[i] = 0;
                }
            }
        }
    }

    [Fact]
    public void FlushCopy_ZeroesOnlyValuesBelowTheThreshold()
    {
        float[] source = [1e-16f, -1e-16f, 1e-15f, -2e-15f, 0.5f, 1e-40f, -1e-39f, 3f, 1e-20f, 7e-16f];
        var destination = new float[source.Length];
        SampleKernels.FlushCopy(source, 1e-15f, destination);
        Assert.Equal([0f, 0f, 1e-15f, -2e-15f, 0.5f, 0f, 0f, 3f, 0f, 0f], destination);
    }

    [Fact]
    public void FlushCopy_ThrowsForAShortDestination_InsteadOfWritingPastIt()
    {
        var source = new float[17];
        var destination = new float[16];
        Assert.Throws<ArgumentException>(() => SampleKernels.FlushCopy(source, 1e-15f, destination));
    }
}
