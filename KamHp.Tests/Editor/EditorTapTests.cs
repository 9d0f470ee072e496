using AudioPlugSharp.KamHp.Editor;

namespace KamHp.Tests.Editor;

public sealed class EditorTapTests
{
    private const double SampleRateHz = 48000;

    private static float[] Sine(int length, double hz, double amplitude)
    {
        var x = new float[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / SampleRateHz));
        }

        return x;
    }

    private static int BandOf(double hz)
    {
        var top = Math.Min(EditorTap.HighestBandHz, SampleRateHz / 2);
        return (int)(Math.Log(hz / EditorTap.LowestBandHz) / Math.Log(top / EditorTap.LowestBandHz) * EditorTap.BandCount);
    }

    // Total level of the bands around a sine (its window main lobe may straddle a band edge).
    private static float AroundDb(float[] levelsDb, int band)
    {
        var power = 0.0;
        for (var b = band - 2; b <= band + 2; b++)
        {
            power += Math.Pow(10, levelsDb[b] / 10);
        }

        return (float)(10 * Math.Log10(power));
    }

    [Fact]
    public void Tap_ColoursHarmonicContentHarmonic_AndPercussiveContentPercussive_AtTheRightLevel()
    {
        var tap = new EditorTap();
        tap.Prepare(SampleRateHz);
        Assert.True(tap.Feed.TryAttachConsumer());
        var n = 8 * tap.HopSize;
        var tone = Sine(n, 440, 1.0);      // full scale: its band reads about 0 dBFS
        var hiss = Sine(n, 5000, 0.1);     // -20 dB, given to the percussive part
        var input = tone.Zip(hiss, (a, b) => a + b).ToArray();
        tap.Process(input, [], tone, [], hiss, []);

        var levels = new float[EditorTap.BandCount];
        var share = new float[EditorTap.BandCount];
        MeterReading meters = default;
        var columns = 0;
        while (tap.Feed.TryRead(out var m, levels, share))
        {
            meters = m;
            columns++;
        }

        Assert.Equal(8, columns);
        Assert.InRange(AroundDb(levels, BandOf(440)), -0.5f, 0.5f);
        Assert.InRange(AroundDb(levels, BandOf(5000)), -20.5f, -19.5f);
        Assert.True(levels[BandOf(1500)] < -60f, $"level at 1.5 kHz {levels[BandOf(1500)]}");
        Assert.True(share[BandOf(440)] > 0.99f, $"share at 440 Hz {share[BandOf(440)]}");
        Assert.True(share[BandOf(5000)] < 0.01f, $"share at 5 kHz {share[BandOf(5000)]}");
        Assert.Equal(1.0f, meters.HarmonicPeak, 3);
        Assert.Equal(1 / MathF.Sqrt(2), meters.HarmonicRms, 2);
        Assert.Equal(0.1f / MathF.Sqrt(2), meters.PercussiveRms, 3);
    }

    [Fact]
    public void Tap_PublishesNothing_WhileNoEditorListens()
    {
        var tap = new EditorTap();
        tap.Prepare(SampleRateHz);
        var x = Sine(4 * tap.HopSize, 100, 0.5);
        tap.Process(x, x, x, x, x, x);
        Assert.True(tap.Feed.TryAttachConsumer());
        Assert.False(tap.Feed.TryRead(out _, new float[EditorTap.BandCount], new float[EditorTap.BandCount]));
    }

    [Fact]
    public void Tap_AllocatesNothing_WhileAnEditorListens()
    {
        var tap = new EditorTap();
        tap.Prepare(SampleRateHz);
        Assert.True(tap.Feed.TryAttachConsumer());
        var x = Sine(512, 300, 0.5);
        var levels = new float[EditorTap.BandCount];
        var share = new float[EditorTap.BandCount];

        // Warm-up through every path (columns published, read, dropped on a full ring): first uses (static
        // initialisers, JIT) are not the audio thread's steady state. It failed once in a full run without this.
        for (var i = 0; i < 200; i++)
        {
            tap.Process(x, x, x, x, x, x);
            if (i % 3 == 0)
            {
                tap.Feed.TryRead(out _, levels, share);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            tap.Process(x, x, x, x, x, x);
            if (i % 3 == 0)
            {
                tap.Feed.TryRead(out _, levels, share);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(tap.Feed.DroppedColumns > 0, "the test should also exercise the full-ring path");
    }
}
