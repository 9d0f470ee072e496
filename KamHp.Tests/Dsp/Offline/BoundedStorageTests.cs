using KamHp.Dsp.Offline;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Offline;

/// <summary>
/// The offline separator keeps nothing of the excerpt's length but its input (issue 14, item 5): its results must be
/// those of the separator that held whole spectrograms (<see cref="WholeSpectrogramSeparator"/>), bit for bit, and the
/// memory it allocates must not grow with the excerpt beyond its output.
/// </summary>
public sealed class BoundedStorageTests
{
    private const int SampleRateHz = 44100;

    public static TheoryData<int, bool, int, int, int, long> Cases() => new()
    {
        // iterations, spatial, harmonic frames, percussive bins, channels, spectrum cache bytes
        { 1, false, 17, 17, 2, 0 },
        { 2, false, 17, 19, 2, 0 },
        { 3, false, 9, 31, 1, 0 },
        { 1, true, 17, 17, 2, 0 },
        { 2, true, 17, 17, 2, 0 },
        { 2, true, 17, 17, 2, long.MaxValue },
        { 3, true, 31, 5, 2, 0 },
        { 2, true, 17, 17, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BoundedSeparator_EqualsWholeSpectrogramSeparator_BitForBit(
        int iterations, bool spatial, int harmonicFrames, int percussiveBins, int channels, long cacheBytes)
    {
        float[][] mix = Mixture(length: 40000, channels, seed: iterations + harmonicFrames);
        var settings = new KamSettings
        {
            FftSize = 2048,
            HopSize = 512,
            Iterations = iterations,
            SpatialModel = spatial,
            HarmonicKernelFrames = harmonicFrames,
            PercussiveKernelBins = percussiveBins,
        };

        SeparationResult expected = new WholeSpectrogramSeparator(settings).Separate(mix, everyIteration: true);
        SeparationResult actual = new KamOfflineSeparator(settings) { SpectrumCacheBytes = cacheBytes }.Separate(mix, everyIteration: true);
        SeparatedSignals final = new KamOfflineSeparator(settings) { SpectrumCacheBytes = cacheBytes }.Separate(mix).Final;

        Assert.Equal(iterations, actual.Iterations.Count);
        for (int n = 0; n < iterations; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                Assert.Equal(expected.Iterations[n].Harmonic[c], actual.Iterations[n].Harmonic[c]);
                Assert.Equal(expected.Iterations[n].Percussive[c], actual.Iterations[n].Percussive[c]);
            }
        }

        for (int c = 0; c < channels; c++)
        {
            Assert.Equal(expected.Final.Harmonic[c], final.Harmonic[c]);
        }
    }

    [Theory]
    [InlineData(300, false)]      // shorter than one hop: a single frame
    [InlineData(3000, true)]      // fewer frames than half the harmonic kernel
    [InlineData(20480, true)]     // a whole number of hops
    public void BoundedSeparator_EqualsWholeSpectrogramSeparator_ForShortSignals(int length, bool spatial)
    {
        float[][] mix = Mixture(length, channels: 2, seed: length);
        var settings = new KamSettings { FftSize = 2048, HopSize = 512, Iterations = 2, SpatialModel = spatial };

        SeparationResult expected = new WholeSpectrogramSeparator(settings).Separate(mix, everyIteration: true);
        SeparationResult actual = new KamOfflineSeparator(settings) { SpectrumCacheBytes = 0 }.Separate(mix, everyIteration: true);

        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(expected.Iterations[n].Harmonic[c], actual.Iterations[n].Harmonic[c]);
            }
        }
    }

    [Theory]
    [InlineData(2, 0L)]
    [InlineData(2, long.MaxValue)]
    [InlineData(3, 0L)]
    [InlineData(5, long.MaxValue)]
    public void PassesStartingFromKeptPowers_GiveTheBitsOfRecomputingThem(int iterations, long spectrumCacheBytes)
    {
        float[][] mix = Mixture(length: 60000, channels: 2, seed: 40 + iterations);
        var settings = new KamSettings { FftSize = 2048, HopSize = 512, Iterations = iterations, HarmonicKernelFrames = 13 };
        var recomputing = new KamOfflineSeparator(settings) { KeptPowersBytes = 0, SpectrumCacheBytes = spectrumCacheBytes };
        var keeping = new KamOfflineSeparator(settings) { KeptPowersBytes = long.MaxValue, SpectrumCacheBytes = spectrumCacheBytes };
        int[] lastTwo = [iterations - 1, iterations];

        SeparationResult expected = recomputing.Separate(mix, everyIteration: true);
        var sink = new CollectingSink(mix[0].Length, channels: 2, iterations);
        keeping.Separate(mix, lastTwo, sink);

        foreach (int n in lastTwo)
        {
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(expected.Iterations[n - 1].Harmonic[c], sink.Harmonic[n][c]);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Separation_AllocatesAConstantBeyondItsOutput_WhateverTheLength(bool spatial)
    {
        // Everything the separator allocates besides the harmonic pieces it hands out must not grow with the excerpt:
        // the whole-spectrogram separator allocated ~12 frames x bins arrays (about 190 bytes per sample at 4096/1024).
        var settings = new KamSettings { Iterations = 2, SpatialModel = spatial };
        long Allocated(int seconds)
        {
            float[][] mix = Mixture(seconds * SampleRateHz, channels: 2, seed: seconds);
            var separator = new KamOfflineSeparator(settings) { SpectrumCacheBytes = 0, KeptPowersBytes = 0 };
            int[] outputs = [1, 2];
            separator.Separate(mix, outputs, new DiscardingSink());   // warm-up: JIT and first-use allocations
            var sink = new DiscardingSink();
            long before = GC.GetAllocatedBytesForCurrentThread();
            separator.Separate(mix, outputs, sink);
            Assert.Equal(2L * mix[0].Length, sink.Samples);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long short10 = Allocated(10);
        long long40 = Allocated(40);
        Assert.True(long40 < short10 + (64 * 1024), $"10 s: {short10} bytes, 40 s: {long40} bytes");
        Assert.True(short10 < 8L << 20, $"10 s allocates {short10} bytes");
    }

    [Fact]
    public void Sink_ReceivesEveryIterationInOrder_CoveringTheSignal()
    {
        const int length = 50000;
        float[][] mix = Mixture(length, channels: 2, seed: 5);
        var sink = new CountingSink();
        new KamOfflineSeparator(new KamSettings { FftSize = 1024, HopSize = 256, Iterations = 3 }).Separate(mix, [1, 3], sink);
        Assert.Equal([1, 3], sink.Covered.Keys.Order());
        Assert.All(sink.Covered.Values, covered => Assert.Equal(length, covered));
    }

    private static float[][] Mixture(int length, int channels, int seed)
    {
        float[] left = TestSignals.Add(TestSignals.Tones(length, SampleRateHz, [220, 330]), TestSignals.Clicks(length, 5512, seed));
        if (channels == 1)
        {
            return [left];
        }

        float[] right = TestSignals.Add(TestSignals.Tones(length, SampleRateHz, [277, 440], amplitude: 0.2f), TestSignals.Clicks(length, 7000, seed + 1, amplitude: 0.4f));
        return [left, right];
    }

    /// <summary>Keeps nothing and allocates nothing.</summary>
    private sealed class DiscardingSink : IHarmonicSink
    {
        public long Samples { get; private set; }

        public void Accept(int iteration, int start, int count, float[][] harmonic) => Samples += count;
    }

    /// <summary>Checks the pieces adjoin and counts what each iteration received; keeps no samples.</summary>
    private sealed class CountingSink : IHarmonicSink
    {
        public Dictionary<int, int> Covered { get; } = [];

        public void Accept(int iteration, int start, int count, float[][] harmonic)
        {
            int covered = Covered.GetValueOrDefault(iteration);
            Assert.Equal(covered, start);
            Assert.True(count > 0 && harmonic[0].Length >= count);
            Covered[iteration] = covered + count;
        }
    }

    private sealed class CollectingSink(int length, int channels, int iterations) : IHarmonicSink
    {
        public float[][][] Harmonic { get; } = [.. Enumerable.Range(0, iterations + 1).Select(_ => Enumerable.Range(0, channels).Select(_ => new float[length]).ToArray())];

        public void Accept(int iteration, int start, int count, float[][] harmonic)
        {
            for (int c = 0; c < harmonic.Length; c++)
            {
                harmonic[c].AsSpan(0, count).CopyTo(Harmonic[iteration][c].AsSpan(start));
            }
        }
    }
}
