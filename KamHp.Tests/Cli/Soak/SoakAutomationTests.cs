using AudioPlugSharp.KamHp.Parameters;
using KamHp.Cli.Soak;

namespace KamHp.Tests.Cli.Soak;

/// <summary>The soak's automation (issue 15): a warm-up through every stepped value in the first minute, then the schedule.</summary>
public sealed class SoakAutomationTests
{
    private const double SampleRateHz = 48000;
    private const int BlockSize = 512;

    [Fact]
    public void Automation_WarmUp_GivesEveryStepOfEveryStepped_ThenItsDefault_WithinTheFirstMinute()
    {
        var automation = new SoakAutomation(seed: 15, SampleRateHz);
        var seen = new Dictionary<uint, List<double>>();
        for (var block = 0; block < 60 * SampleRateHz / BlockSize; block++)
        {
            automation.Next(BlockSize);
            foreach (var (id, value) in SteppedPoints(automation))
            {
                (seen.TryGetValue(id, out var list) ? list : seen[id] = []).Add(value);
            }
        }

        Assert.False(automation.WarmingUp);
        foreach (var p in ParameterTable.All.Where(p => p.Scale == ParameterScale.Stepped && p.Has(ParameterTraits.Automatable)))
        {
            var values = seen[(uint)p.Id];
            for (var step = 0; step <= p.StepCount; step++)
            {
                Assert.Contains((double)step / p.StepCount, values);
            }

            Assert.Equal(p.DefaultNormalized, values[^1]);
        }
    }

    [Fact]
    public void Automation_AfterTheWarmUp_JumpsOneSteppedParameterEvery30Seconds()
    {
        var automation = new SoakAutomation(seed: 15, SampleRateHz);
        var blocks = 0;
        while (automation.WarmingUp)
        {
            automation.Next(BlockSize);
            blocks++;
        }

        var jumpBlocks = new List<int>();
        for (var end = blocks + (int)(300 * SampleRateHz / BlockSize); blocks < end; blocks++)
        {
            automation.Next(BlockSize);
            if (SteppedPoints(automation).Any())
            {
                jumpBlocks.Add(blocks);
            }
        }

        Assert.Equal(10, jumpBlocks.Count);
        Assert.All(jumpBlocks.Zip(jumpBlocks.Skip(1)), pair => Assert.InRange((pair.Second - pair.First) * BlockSize / SampleRateHz, 29.9, 30.1));
    }

    private static IEnumerable<(uint Id, double Value)> SteppedPoints(SoakAutomation automation)
    {
        for (var q = 0; q < automation.QueueCount; q++)
        {
            var id = automation.GetParameterId(q);
            if (ParameterTable.All.First(p => (uint)p.Id == id).Scale == ParameterScale.Stepped && automation.TryGetPoint(q, 0, out _, out var value))
            {
                yield return (id, value);
            }
        }
    }
}
