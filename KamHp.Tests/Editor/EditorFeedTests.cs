using AudioPlugSharp.KamHp.Editor;

namespace KamHp.Tests.Editor;

public sealed class EditorFeedTests
{
    [Fact]
    public void Feed_DeliversColumnsInOrder_AndDropsWhenFull_WithoutBlocking()
    {
        var feed = new EditorFeed(4);
        Assert.True(feed.TryAttachConsumer());
        Assert.False(feed.TryAttachConsumer());
        var levels = new float[4];
        var share = new float[4];
        for (var i = 0; i < EditorFeed.Capacity + 5; i++)
        {
            levels.AsSpan().Fill(i);
            Assert.Equal(i < EditorFeed.Capacity, feed.TryPublish(new MeterReading(i, 0, 0, 0, 0, 0), levels, share));
        }

        Assert.Equal(5, feed.DroppedColumns);
        for (var i = 0; i < EditorFeed.Capacity; i++)
        {
            Assert.True(feed.TryRead(out var meters, levels, share));
            Assert.Equal(i, meters.InputPeak);
            Assert.All(levels, v => Assert.Equal(i, v));
        }

        Assert.False(feed.TryRead(out _, levels, share));
    }

    [Fact]
    public void Feed_ProducerAndConsumerOnTwoThreads_SeeWholeColumnsInOrder()
    {
        const int Bands = 64;
        const int Columns = 200_000;
        var feed = new EditorFeed(Bands);
        Assert.True(feed.TryAttachConsumer());
        var producer = new Thread(() =>
        {
            var levels = new float[Bands];
            var share = new float[Bands];
            for (var i = 0; i < Columns; i++)
            {
                levels.AsSpan().Fill(i);
                share.AsSpan().Fill(-i);
                while (!feed.TryPublish(new MeterReading(i, i, i, i, i, i), levels, share))
                {
                    Thread.SpinWait(8);
                }
            }
        });
        producer.Start();
        var readLevels = new float[Bands];
        var readShare = new float[Bands];
        var expected = 0;
        var torn = 0;
        while (expected < Columns)
        {
            if (!feed.TryRead(out var meters, readLevels, readShare))
            {
                Thread.SpinWait(8);
                continue;
            }

            // Every value of a column carries the column's number: a torn or reordered column shows up here.
            torn += meters.InputPeak != expected || meters.PercussiveRms != expected || readLevels[0] != expected
                || readLevels[^1] != expected || readShare[^1] != -expected ? 1 : 0;
            expected++;
        }

        producer.Join();
        Assert.Equal(0, torn);
    }

    [Fact]
    public void Registry_FindsARegisteredFeed_AndNothingForForgedTokens()
    {
        var feed = new EditorFeed(2);
        var token = EditorFeedRegistry.Register(feed);
        Assert.True(EditorFeedRegistry.TryGet(token, out var found));
        Assert.Same(feed, found);
        Assert.False(EditorFeedRegistry.TryGet(token ^ 1, out _));
        Assert.False(EditorFeedRegistry.TryGet(0, out _));
        EditorFeedRegistry.Unregister(token);
        Assert.False(EditorFeedRegistry.TryGet(token, out _));
    }
}
