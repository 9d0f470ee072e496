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
