using KamHp.Dsp.Filters;
using KamHp.Dsp.Offline;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Offline;

/// <summary>
/// The offline separator shares every frame's bins between two threads (issue 14, speed of one call): the results
/// must not depend on that, bit for bit, for any geometry, channel count or storage mode, and a failure on either
/// thread must end the separation instead of leaving the other waiting.
/// </summary>
public sealed class WorkerSplitTests
{
    private const int SampleRateHz = 44100;

    public static TheoryData<int, int, int, bool, int, int, int, long, int> Cases() => new()
    {
        // fft, hop, iterations, spatial, harmonic frames, percussive bins, channels, spectrum cache bytes, length
        { 4096, 1024, 2, true, 17, 17, 2, long.MaxValue, 50000 },   // the paper's settings, spectrum kept
        { 4096, 1024, 2, true, 17, 17, 2, 0, 50000 },               // recomputed in a ring
        { 8192, 1024, 2, false, 17, 9, 2, 0, 50000 },               // hires geometry, no spatial model
        { 512, 128, 3, true, 3, 63, 2, 0, 50000 },                  // 257 bins, the widest percussive kernel
        { 2048, 256, 2, false, 31, 5, 1, 0, 50000 },                // mono: frames analysed in halves
        { 1024, 512, 1, true, 5, 17, 2, long.MaxValue, 50000 },
        { 2048, 512, 3, true, 31, 5, 2, 0, 40000 },                 // the last batch (2 frames) ends 2 frames after the one before
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Separator_GivesTheSameBits_WithOneOrTwoWorkers(
        int fftSize, int hopSize, int iterations, bool spatial, int harmonicFrames, int percussiveBins, int channels, long cacheBytes, int length)
    {
        float[][] mix = Mixture(length, channels, seed: fftSize + iterations);
        var settings = new KamSettings
        {
            FftSize = fftSize,
            HopSize = hopSize,
            Iterations = iterations,
            SpatialModel = spatial,
            HarmonicKernelFrames = harmonicFrames,
            PercussiveKernelBins = percussiveBins,
        };

        SeparationResult one = new KamOfflineSeparator(settings) { WorkerCount = 1, SpectrumCacheBytes = cacheBytes }.Separate(mix, everyIteration: true);

        // Races show up only in some interleavings of the two threads: several runs, each compared whole, spinning at
        // the barriers (the default) and blocking at every one.
        var spinning = new KamOfflineSeparator(settings) { WorkerCount = 2, SpectrumCacheBytes = cacheBytes };
        var blocking = new KamOfflineSeparator(settings) { WorkerCount = 2, SpectrumCacheBytes = cacheBytes, BarrierSpinMicroseconds = 0 };
        for (int run = 0; run < 4; run++)
        {
            SeparationResult result = (run % 2 == 0 ? spinning : blocking).Separate(mix, everyIteration: true);
            for (int n = 0; n < iterations; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    Assert.Equal(one.Iterations[n].Harmonic[c], result.Iterations[n].Harmonic[c]);
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Separation_Stops_WhenTheProgressCallbackThrowsMidPass(bool spatial)
    {
        float[][] mix = Mixture(length: 200000, channels: 2, seed: 3);
        var separator = new KamOfflineSeparator(new KamSettings { Iterations = 2, SpatialModel = spatial }) { WorkerCount = 2 };
        var stop = new ThrowingProgress(after: 1);

        var error = Assert.Throws<InvalidOperationException>(() => separator.Separate(mix, progress: stop));

        Assert.Equal(ThrowingProgress.Message, error.Message);

        // The workers are usable again: a second separation with the same separator completes.
        SeparatedSignals final = separator.Separate(mix).Final;
        Assert.Equal(mix[0].Length, final.Harmonic[0].Length);
    }

    [Theory]
    [InlineData(LockstepWorkers.DefaultSpinMicroseconds)]
    [InlineData(0)]
    public void Workers_RethrowTheSideWorkersException_AsThrown_AndReleaseTheMainOneFromTheBarrier(int spinMicroseconds)
    {
        using var workers = new LockstepWorkers(2) { SpinMicroseconds = spinMicroseconds };
        Assert.Throws<InvalidDataException>(() => workers.Run(worker =>
        {
            for (int step = 0; step < 1000; step++)
            {
                if (worker == 1 && step == 10)
                {
                    throw new InvalidDataException("side");
                }

                workers.Sync();
            }
        }));

        int steps = 0;
        workers.Run(worker =>
        {
            for (int step = 0; step < 100; step++)
            {
                if (worker == 0)
                {
                    steps++;
                }

                workers.Sync();
            }
        });
        Assert.Equal(100, steps);
    }

    [Fact]
    public void SinkCalls_ComeInOrderOnTheCallersThread_AndItsExceptionReachesTheCaller()
    {
        float[][] mix = Mixture(length: 300000, channels: 2, seed: 9);
        var separator = new KamOfflineSeparator(new KamSettings { Iterations = 2 }) { WorkerCount = 2 };
        var sink = new CheckingSink(failAtCall: int.MaxValue);
        separator.Separate(mix, [1, 2], sink);

        Assert.Equal(0, sink.Overlaps);
        Assert.Equal(0, sink.OutOfOrder);
        Assert.Equal([Environment.CurrentManagedThreadId], sink.ThreadIds);

        for (int failAt = 1; failAt <= 4; failAt++)
        {
            var failing = new CheckingSink(failAt);
            Assert.Throws<IOException>(() => separator.Separate(mix, [1, 2], failing));
        }
    }

    [Theory]
    [InlineData(257, 63)]
    [InlineData(2049, 17)]
    [InlineData(4097, 9)]
    public void PercussiveRowMedian_OfAnyRange_EqualsThatRangeOfTheWholeRow(int bins, int kernel)
    {
        var random = new Random(bins + kernel);
        float[] row = new float[bins];
        for (int b = 0; b < bins; b++)
        {
            row[b] = random.Next(4) == 0 ? 0f : (float)random.NextDouble();   // ties and zeros as in silent bins
        }

        var whole = new float[bins];
        new SpectralMedians(3, kernel, bins).PercussiveFrame(row, whole);
        var median = new PercussiveRowMedian(kernel, bins);
        foreach ((int start, int count) in new[] { (0, bins), (0, 16), (16, bins - 16), (bins - 1, 1), (bins / 2, bins - (bins / 2)), (5, 0) })
        {
            var part = new float[count];
            median.Compute(row, start, count, part);
            Assert.Equal(whole.AsSpan(start, count).ToArray(), part);
        }
    }

    [Theory]
    [InlineData(257, 2)]
    [InlineData(2049, 2)]
    [InlineData(4097, 2)]
    [InlineData(2049, 1)]
    public void BinRanges_CoverTheRowInAlignedShares(int bins, int workers)
    {
        int lanes = SpectralMedians.LanesFor(bins);
        BinRange[] ranges = BinRange.Split(bins, lanes, workers);

        Assert.Equal(workers, ranges.Length);
        Assert.Equal(0, ranges[0].Start);
        Assert.Equal(bins, ranges.Sum(r => r.Count));
        Assert.Equal(lanes, ranges.Sum(r => r.LaneCount));
        Assert.All(ranges, r => Assert.Equal(0, r.Start % BinRange.Alignment));
        Assert.All(ranges.Skip(1), r => Assert.True(r.Count > bins / 4));
    }

    private static float[][] Mixture(int length, int channels, int seed)
    {
        float[] left = TestSignals.Add(TestSignals.Tones(length, SampleRateHz, [196, 294]), TestSignals.Clicks(length, 4410, seed));
        if (channels == 1)
        {
            return [left];
        }

        float[] right = TestSignals.Add(TestSignals.Tones(length, SampleRateHz, [247, 392], amplitude: 0.3f), TestSignals.Clicks(length, 6615, seed + 1, amplitude: 0.5f));
        return [left, right];
    }

    private sealed class ThrowingProgress(int after) : IProgress<double>
    {
        public const string Message = "stop here";
        private int _calls;

        public void Report(double value)
        {
            if (++_calls > after && value < 1)
            {
                throw new InvalidOperationException(Message);
            }
        }
    }

    /// <summary>Counts overlapping and out-of-order calls and the threads they came from; throws an IOException at one call.</summary>
    private sealed class CheckingSink(int failAtCall) : IHarmonicSink
    {
        private readonly HashSet<int> _threads = [];
        private readonly Dictionary<int, int> _next = [];
        private int _inside;
        private int _calls;

        public int Overlaps { get; private set; }

        public int OutOfOrder { get; private set; }

        public IReadOnlyCollection<int> ThreadIds => _threads;

        public void Accept(int iteration, int start, int count, float[][] harmonic)
        {
            if (Interlocked.Exchange(ref _inside, 1) == 1)
            {
                Overlaps++;
            }

            _threads.Add(Environment.CurrentManagedThreadId);
            if (_next.GetValueOrDefault(iteration) != start)
            {
                OutOfOrder++;
            }

            _next[iteration] = start + count;
            Thread.SpinWait(2000);   // widen the window in which an overlapping call would be seen
            bool fail = ++_calls == failAtCall;
            Volatile.Write(ref _inside, 0);
            if (fail)
            {
                throw new IOException("disk full");
            }
        }
    }
}
