using System.Runtime.Intrinsics;
using KamHp.Dsp.Filters;

namespace KamHp.Tests.Dsp.Filters;

public sealed class SortedWindowKernelTests
{
    private const int Lanes = SortedWindowKernel.GroupWidth;

    [Theory]
    [MemberData(nameof(MedianTestValues.OddSizes), MemberType = typeof(MedianTestValues))]
    public void Replace_OnEachVectorWidth_EqualsThePreviousUpdate_BitForBit(int size)
    {
        var random = new Random(100 + size);
        var rows = new List<float[]>();
        for (int r = 0; r < size; r++)
        {
            rows.Add(new float[Lanes]);   // a window of zeros is valid
        }

        var previous = new float[size * Lanes];
        var wide = new float[size * Lanes];
        var narrow = new float[size * Lanes];
        for (int step = 0; step < 300; step++)
        {
            float[] entering = MedianTestValues.Row(random, Lanes, negativeZero: true);
            float[] leaving = rows[^size];
            rows.Add(entering);
            PreviousSegmentedRunningMedian.Slide(ref previous[0], Vector256.Create(leaving), Vector256.Create(entering), size);
            SortedWindowKernel.Replace128(ref narrow[0], ref leaving[0], ref entering[0], size);
            Assert.Equal(MedianTestValues.Bits(previous), MedianTestValues.Bits(narrow));
            if (Vector256.IsHardwareAccelerated)
            {
                SortedWindowKernel.Replace256(ref wide[0], Vector256.Create(leaving), Vector256.Create(entering), size);
                Assert.Equal(MedianTestValues.Bits(previous), MedianTestValues.Bits(wide));
            }
        }
    }
}
