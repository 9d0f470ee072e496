using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Tests.Plugin;

public sealed class ParameterStoreTests
{
    [Fact]
    public async Task UiThreadSnapshot_NeverSeesHalfOfAnAutomationStep()
    {
        // The audio thread moves two parameters to the same value at the same sample, again and again; a reader on
        // another thread must always find them equal (the sequence counter covers automation writes).
        var processor = new KamHpProcessor();
        // A slow host (every point read takes a moment) widens the window between the two writes.
        var steps = new[]
        {
            new SlowQueues(new ParameterQueues().Add(ParameterId.Balance, 0, 0.2).Add(ParameterId.MaskSharpness, 0, 0.2)),
            new SlowQueues(new ParameterQueues().Add(ParameterId.Balance, 0, 0.8).Add(ParameterId.MaskSharpness, 0, 0.8)),
        };
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var state = processor.CaptureState();
                if (state.Get(ParameterId.Balance) != state.Get(ParameterId.MaskSharpness))
                {
                    torn++;
                }

                reads++;
            }
        });
        var deadline = DateTime.UtcNow.AddSeconds(1);
        for (var i = 0; DateTime.UtcNow < deadline || reads < 1000; i++)
        {
            processor.Process(default, default, default, default, 0, steps[i & 1]);
        }

        stop.Cancel();
        await reader;
        Assert.Equal(0, torn);
        Assert.True(reads >= 1000);
    }

    private sealed class SlowQueues(ParameterQueues queues) : IParameterQueueReader
    {
        public int QueueCount => queues.QueueCount;

        public uint GetParameterId(int queueIndex) => queues.GetParameterId(queueIndex);

        public int GetPointCount(int queueIndex) => queues.GetPointCount(queueIndex);

        public bool TryGetPoint(int queueIndex, int pointIndex, out int sampleOffset, out double normalizedValue)
        {
            Thread.SpinWait(500);
            return queues.TryGetPoint(queueIndex, pointIndex, out sampleOffset, out normalizedValue);
        }
    }
}
