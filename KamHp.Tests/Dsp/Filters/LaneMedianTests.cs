using KamHp.Dsp.Filters;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Filters;

public sealed class LaneMedianTests
{
    public static TheoryData<int> OddKernels()
    {
        var data = new TheoryData<int>();
        for (int k = 3; k <= 63; k += 2)
        {
            data.Add(k);
        }

        return data;
    }

    [Fact]
    public void Median_OfSevenHandPickedValues_IsTheMiddleOne()
    {
        float[] data = [9, 1, 7, 3, 5, 8, 2];
        int[] rows = [0, 1, 2, 3, 4, 5, 6];
        var destination = new float[1];
        new LaneMedian(7).Compute(data, rows, destination);
        Assert.Equal(5f, destination[0]);
        LaneMedian.ComputeReference(data, rows, destination);
        Assert.Equal(5f, destination[0]);
    }

    [Theory]
    [MemberData(nameof(OddKernels))]
    public void FastMedian_EqualsScalarReference_AcrossFramesForEveryLength(int kernelSize)
    {
        var random = new Random(kernelSize);
        var median = new LaneMedian(kernelSize);
        foreach (int length in new[] { 1, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 2049 })
        {
            // Rows in shuffled order with ties, as frames in a ring buffer are.
            int rowLength = length + 3;
            float[] data = new float[kernelSize * rowLength];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = random.Next(4) == 0 ? random.Next(3) : random.NextSingle() * 100;
            }

            int[] rows = Enumerable.Range(0, kernelSize).Select(r => r * rowLength).OrderBy(_ => random.Next()).ToArray();
            var fast = new float[length];
            var reference = new float[length];
            median.Compute(data, rows, fast);
            LaneMedian.ComputeReference(data, rows, reference);
            Assert.Equal(reference, fast);
        }
    }

    [Theory]
    [MemberData(nameof(OddKernels))]
    public void PercussiveMedian_EqualsScalarReference_WithReflectedEdges(int kernelSize)
    {
        const int bins = 257;
        float[] row = TestSignals.Noise(bins, seed: kernelSize);
        var medians = new SpectralMedians(3, kernelSize, bins);
        var fast = new float[bins];
        medians.PercussiveFrame(row, fast);

        int half = kernelSize / 2;
        var window = new float[kernelSize];
        for (int f = 0; f < bins; f++)
        {
            for (int k = 0; k < kernelSize; k++)
            {
                int b = f - half + k;
                // scipy.ndimage mode='reflect': d c b a | a b c d | d c b a
                int reflected = b < 0 ? -b - 1 : b >= bins ? (2 * bins) - b - 1 : b;
                window[k] = row[reflected];
            }

            Array.Sort(window);
            Assert.Equal(window[half], fast[f]);
        }
    }

    [Theory]
    [MemberData(nameof(OddKernels))]
    public void HarmonicMedian_EqualsScalarReference_WithSilentFramesBeyondTheEdges(int kernelSize)
    {
        const int bins = 33;
        const int frames = 40;
        float[] observations = new float[(frames + 1) * bins];
        TestSignals.Noise(frames * bins, seed: 1000 + kernelSize).CopyTo(observations, 0);
        for (int i = 0; i < frames * bins; i++)
        {
            observations[i] = Math.Abs(observations[i]);
        }

        var medians = new SpectralMedians(kernelSize, 3, bins);
        var fast = new float[bins];
        var window = new float[kernelSize];
        int half = kernelSize / 2;
        foreach (int t in new[] { 0, 1, half, frames / 2, frames - half - 1, frames - 1 })
        {
            medians.HarmonicFrame(observations, frames, t, fast);
            for (int f = 0; f < bins; f++)
            {
                for (int k = 0; k < kernelSize; k++)
                {
                    int u = t - half + k;
                    window[k] = u >= 0 && u < frames ? observations[(u * bins) + f] : 0f;
                }

                Array.Sort(window);
                Assert.Equal(window[half], fast[f]);
            }
        }
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(17, 40)]
    [InlineData(17, 5)]
    [InlineData(31, 100)]
    [InlineData(63, 70)]
    public void HarmonicAllFrames_EqualsHarmonicFrame_ForEveryFrame(int kernelSize, int frames)
    {
        const int bins = 37;   // not a multiple of 8: the lane padding is exercised
        var medians = new SpectralMedians(kernelSize, 3, bins);
        var observations = new float[medians.ObservationLength(frames)];
        float[] noise = TestSignals.Noise(frames * bins, seed: kernelSize + frames);
        for (int i = 0; i < noise.Length; i++)
        {
            // Repeated values (ties) on purpose: removing one copy of a tied value must leave the others.
            observations[i] = MathF.Round(Math.Abs(noise[i]) * 8) / 8;
        }

        var all = new float[frames * bins];
        medians.HarmonicAllFrames(observations, frames, all);
        var one = new float[bins];
        for (int t = 0; t < frames; t++)
        {
            medians.HarmonicFrame(observations, frames, t, one);
            Assert.Equal(one, all.AsSpan(t * bins, bins).ToArray());
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(65)]
    [InlineData(0)]
    public void LaneMedian_RejectsEvenOrOversizedKernels(int kernelSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaneMedian(kernelSize));

    [Fact]
    public void LaneMedian_RejectsRowsBeyondTheBuffer()
    {
        var median = new LaneMedian(3);
        var data = new float[10];
        Assert.Throws<ArgumentException>(() => median.Compute(data, [0, 1, 5], new float[6]));
        Assert.Throws<ArgumentException>(() => median.Compute(data, [0, 1], new float[2]));
    }

    [Fact]
    public void LaneMedian_AllocatesNothingPerCall()
    {
        var median = new LaneMedian(17);
        float[] data = TestSignals.Noise(17 * 2049, seed: 3);
        int[] rows = Enumerable.Range(0, 17).Select(r => r * 2049).ToArray();
        var destination = new float[2049];
        median.Compute(data, rows, destination);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            median.Compute(data, rows, destination);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
