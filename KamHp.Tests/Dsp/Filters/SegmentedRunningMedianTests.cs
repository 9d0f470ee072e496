using KamHp.Dsp.Filters;

namespace KamHp.Tests.Dsp.Filters;

public sealed class SegmentedRunningMedianTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(8, 5)]
    [InlineData(61, 17)]
    [InlineData(2049, 17)]
    [InlineData(2049, 63)]
    [InlineData(8193, 15)]
    [InlineData(100, 63)]
    public void Compute_EqualsTheReferenceMedianOverShiftedRows_BitForBit(int length, int kernel)
    {
        var random = new Random(length + kernel);
        // Coarse values make ties (and ties with the leaving value) frequent.
        float[] padded = Enumerable.Range(0, length + kernel - 1).Select(_ => (float)random.Next(0, 9) * 0.25f).ToArray();
        var expected = new float[length];
        LaneMedian.ComputeReference(padded, Enumerable.Range(0, kernel).ToArray(), expected);
        var median = new SegmentedRunningMedian(8193);
        var actual = new float[length];
        median.Compute(padded, kernel, actual);
        Assert.Equal(expected, actual);

        // And on continuous values, reusing the instance.
        float[] smooth = Enumerable.Range(0, length + kernel - 1).Select(_ => random.NextSingle()).ToArray();
        LaneMedian.ComputeReference(smooth, Enumerable.Range(0, kernel).ToArray(), expected);
        median.Compute(smooth, kernel, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Compute_RejectsShortRowsEvenKernelsAndOverlongOutputs()
    {
        var median = new SegmentedRunningMedian(64);
        Assert.Throws<ArgumentException>(() => median.Compute(new float[20], 5, new float[17]));
        Assert.Throws<ArgumentException>(() => median.Compute(new float[80], 4, new float[20]));
        Assert.Throws<ArgumentException>(() => median.Compute(new float[200], 5, new float[65]));
    }
}
