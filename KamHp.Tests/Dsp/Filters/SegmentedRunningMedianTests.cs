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

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (int length in Enumerable.Range(1, 70).Concat([127, 128, 129, 135, 136, 137, 1023, 1024, 1025, 2049]))
        {
            data.Add(length);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Compute_EqualsSortingEachWindow_ForEveryOddKernel_WithTiesZerosSubnormalsAndInfinities(int length)
    {
        var random = new Random(400 + length);
        var median = new SegmentedRunningMedian(2049);
        var actual = new float[length];
        var expected = new float[length];
        var sorted = new float[LaneMedian.MaxKernelSize];
        for (int kernel = 1; kernel <= LaneMedian.MaxKernelSize; kernel += 2)
        {
            float[] padded = MedianTestValues.Row(random, length + kernel - 1, negativeZero: false);
            for (int b = 0; b < length; b++)
            {
                padded.AsSpan(b, kernel).CopyTo(sorted);
                Array.Sort(sorted, 0, kernel);
                expected[b] = sorted[kernel / 2];
            }

            median.Compute(padded, kernel, actual);
            Assert.Equal(MedianTestValues.Bits(expected), MedianTestValues.Bits(actual));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Compute_EqualsThePreviousImplementation_BitForBit_WithNegativeZeros(int length)
    {
        var random = new Random(500 + length);
        var median = new SegmentedRunningMedian(2049);
        var previous = new PreviousSegmentedRunningMedian(2049);
        var actual = new float[length];
        var expected = new float[length];
        for (int kernel = 1; kernel <= LaneMedian.MaxKernelSize; kernel += 2)
        {
            // Longer than needed too: values past length + kernel - 1 must not matter.
            float[] padded = MedianTestValues.Row(random, length + kernel - 1 + (kernel % 3), negativeZero: true);
            previous.Compute(padded, kernel, expected);
            median.Compute(padded, kernel, actual);
            Assert.Equal(MedianTestValues.Bits(expected), MedianTestValues.Bits(actual));
        }
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
