using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Processing;
using KamHp.Tests.Plugin;

namespace KamHp.Tests.Editor;

/// <summary>The processor feeds the editor from the audio thread without allocating, with or without stem buses.</summary>
public sealed class ProcessorEditorTapTests
{
    private const double SampleRateHz = 48000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Process_WithTheEditorOpen_AllocatesNothing_AndPublishesColumns(bool withStems)
    {
        var processor = new KamHpProcessor();
        processor.Activate(SampleRateHz, 512, 2);
        Assert.True(processor.EditorFeed.TryAttachConsumer());
        var (left, right) = TestSignals.Music(512, SampleRateHz, 21);
        var output = new StereoRender(512);
        var levels = new float[EditorTap.BandCount];
        var share = new float[EditorTap.BandCount];
        for (var i = 0; i < 3000; i++)
        {
            output.Block(processor, left, right, 0, 512, null, withStems);
            while (processor.EditorFeed.TryRead(out _, levels, share))
            {
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            output.Block(processor, left, right, 0, 512, null, withStems);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        var columns = 0;
        var loudest = float.NegativeInfinity;
        while (processor.EditorFeed.TryRead(out var meters, levels, share))
        {
            columns++;
            loudest = Math.Max(loudest, levels.Max());
            Assert.True(meters.InputPeak > 0 && meters.HarmonicRms > 0 && meters.PercussiveRms > 0);
        }

        Assert.Equal(EditorFeed.Capacity, columns);  // the ring filled up (the consumer was away) and kept the oldest
        Assert.True(loudest > -60f, $"loudest band {loudest} dB");
    }
}
