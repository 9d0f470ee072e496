using System.Runtime.Intrinsics;
using KamHp.Dsp.Filters;

namespace KamHp.Tests.Dsp.Filters;

public sealed class SortedLaneWindowTests
{
    private const int Lanes = 48;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(63)]
    public void Slide_GivesTheMedianOfTheLastKRows_ExactlyAsTheReference(int size)
    {
        var random = new Random(size);
        var rows = new List<float[]>();
        for (int r = 0; r < size; r++)
        {
            rows.Add(new float[Lanes]);   // the cleared window: K rows of zeros
        }

        var window = new SortedLaneWindow(Lanes, 63);
        var median = new float[Lanes];
        for (int step = 0; step < 200; step++)
        {
            // Few distinct values so that duplicates (of the leaving value too) are common.
            float[] entering = Enumerable.Range(0, Lanes).Select(_ => (float)random.Next(0, 7)).ToArray();
            window.Slide(rows[^size], entering, size, 0, Lanes, median);
            rows.Add(entering);
            Assert.Equal(Reference(rows, size), median);
        }
    }

    [Theory]
    [MemberData(nameof(MedianTestValues.OddSizes), MemberType = typeof(MedianTestValues))]
    public void Slide_EqualsSortingTheLastKRows_WithTiesZerosSubnormalsAndInfinities(int size)
    {
        var random = new Random(200 + size);
        var rows = new List<float[]>();
        for (int r = 0; r < size; r++)
        {
            rows.Add(new float[Lanes]);
        }

        // A window exactly as large as the kernel and one with spare capacity (other group strides).
        var exact = new SortedLaneWindow(Lanes, size);
        var spare = new SortedLaneWindow(Lanes, 63);
        var median = new float[Lanes];
        var sorted = new float[size];
        for (int step = 0; step < 150; step++)
        {
            float[] entering = MedianTestValues.Row(random, Lanes, negativeZero: false);
            float[] leaving = rows[^size];
            rows.Add(entering);
            var expected = new float[Lanes];
            for (int lane = 0; lane < Lanes; lane++)
            {
                for (int r = 0; r < size; r++)
                {
                    sorted[r] = rows[rows.Count - size + r][lane];
                }

                Array.Sort(sorted);
                expected[lane] = sorted[size / 2];
            }

            exact.Slide(leaving, entering, size, 0, Lanes, median);
            Assert.Equal(MedianTestValues.Bits(expected), MedianTestValues.Bits(median));
            spare.Slide(leaving, entering, size, 8, Lanes - 16, median);
            Assert.Equal(MedianTestValues.Bits(expected.AsSpan(8, Lanes - 16)), MedianTestValues.Bits(median.AsSpan(0, Lanes - 16)));
            spare.Slide(leaving, entering, size, 0, 8, median);
            spare.Slide(leaving, entering, size, Lanes - 8, 8, median.AsSpan(8));
            Assert.Equal(MedianTestValues.Bits(expected.AsSpan(0, 8)), MedianTestValues.Bits(median.AsSpan(0, 8)));
            Assert.Equal(MedianTestValues.Bits(expected.AsSpan(Lanes - 8)), MedianTestValues.Bits(median.AsSpan(8, 8)));
        }
    }

    [Theory]
    [MemberData(nameof(MedianTestValues.OddSizes), MemberType = typeof(MedianTestValues))]
    public void Slide_EqualsThePreviousUpdate_BitForBit_WithNegativeZeros(int size)
    {
        var random = new Random(300 + size);
        var rows = new List<float[]>();
        for (int r = 0; r < size; r++)
        {
            rows.Add(new float[Lanes]);
        }

        var window = new SortedLaneWindow(Lanes, 63);
        var previous = new float[Lanes * size];   // lane group g's sorted window at [g * 8 * size], rank-major
        var median = new float[Lanes];
        var expected = new float[Lanes];
        for (int step = 0; step < 150; step++)
        {
            float[] entering = MedianTestValues.Row(random, Lanes, negativeZero: true);
            float[] leaving = rows[^size];
            rows.Add(entering);
            for (int group = 0; group < Lanes; group += 8)
            {
                PreviousSegmentedRunningMedian.Slide(
                    ref previous[group * size], Vector256.Create(leaving.AsSpan(group, 8)), Vector256.Create(entering.AsSpan(group, 8)), size);
                previous.AsSpan((group * size) + (size / 2 * 8), 8).CopyTo(expected.AsSpan(group));
            }

            window.Slide(leaving, entering, size, 0, Lanes, median);
            Assert.Equal(MedianTestValues.Bits(expected), MedianTestValues.Bits(median));
        }
    }

    [Fact]
    public void InsertAndRemove_GrowAndShrinkTheWindow_ByItsOldestRows()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 80).Select(_ => Enumerable.Range(0, Lanes).Select(_ => random.NextSingle()).ToArray()).ToList();
        var window = new SortedLaneWindow(Lanes, 63);
        var median = new float[Lanes];
        int size = 1;
        window.Insert(rows[0], 0, 0, Lanes);

        // Grow to 9 by adding rows one by one (the window is rows[0..size)), then slide, then shrink from the old end.
        for (; size < 9; size++)
        {
            window.Insert(rows[size], size, 0, Lanes);
        }

        for (int lane = 0; lane < Lanes; lane++)
        {
            float[] expected = rows.Take(9).Select(r => r[lane]).Order().ToArray();
            Assert.Equal(expected, window.SortedValues(lane, 9));
        }

        window.Slide(rows[0], rows[9], 9, 8, 32, median.AsSpan(0, 32));
        window.Remove(rows[1], 9, 8, 32);
        window.Remove(rows[2], 8, 8, 32);
        for (int lane = 8; lane < 40; lane++)
        {
            float[] expected = rows.Skip(3).Take(7).Select(r => r[lane]).Order().ToArray();
            Assert.Equal(expected, window.SortedValues(lane, 7));
        }

        // Lanes outside the range were not touched.
        Assert.Equal(rows.Take(9).Select(r => r[44]).Order().ToArray(), window.SortedValues(44, 9));
    }

    [Fact]
    public void CopyFrom_CopiesTheRequestedLanesAndRanks()
    {
        var source = new SortedLaneWindow(Lanes, 5);
        float[] row = Enumerable.Range(0, Lanes).Select(i => (float)i).ToArray();
        source.Slide(new float[Lanes], row, 3, 0, Lanes, new float[Lanes]);
        var copy = new SortedLaneWindow(Lanes, 5);
        copy.CopyFrom(source, 3, 16, 16);
        Assert.Equal([0f, 0f, 20f], copy.SortedValues(20, 3));
        Assert.Equal([0f, 0f, 0f], copy.SortedValues(5, 3));
    }

    [Fact]
    public void Guards_RejectPartialGroupsAndSizesBeyondCapacity()
    {
        var window = new SortedLaneWindow(16, 5);
        var row = new float[16];
        Assert.Throws<ArgumentException>(() => window.Slide(row, row, 3, 4, 8, new float[8]));
        Assert.Throws<ArgumentException>(() => window.Slide(row, row, 7, 0, 8, new float[8]));
        Assert.Throws<ArgumentException>(() => window.Slide(row, row, 3, 8, 16, new float[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SortedLaneWindow(12, 5));
    }

    private static float[] Reference(List<float[]> rows, int size)
    {
        var data = rows.TakeLast(size).SelectMany(r => r).ToArray();
        int[] starts = Enumerable.Range(0, size).Select(r => r * Lanes).ToArray();
        var destination = new float[Lanes];
        LaneMedian.ComputeReference(data, starts, destination);
        return destination;
    }
}
