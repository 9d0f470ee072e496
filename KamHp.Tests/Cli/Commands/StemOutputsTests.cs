using KamHp.Cli.Commands;

namespace KamHp.Tests.Cli.Commands;

/// <summary>
/// The vectorised peak and clip count of the outputs (<see cref="StemOutputs.Measure"/>) give what the per-sample
/// loop gave, for any length (vector part and tail), with samples beyond full scale, infinities and NaN anywhere.
/// </summary>
public sealed class StemOutputsTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int length in new[] { 0, 1, 7, 8, 9, 31, 33, 1000, 4099 })
        {
            for (int special = 0; special < 6; special++)
            {
                data.Add(length, special);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Measure_GivesThePeakAndCountOfTheSampleBySampleLoop(int length, int special)
    {
        var random = new Random((length * 7) + special);
        // special 0: all within full scale; 1: some beyond; 2: NaN at the last sample; 3: NaN at a random place;
        // 4: an infinity at the last sample; 5: exactly +-1 (not beyond) at the ends.
        float range = special == 0 ? 1f : 1.3f;
        float[] samples = [.. Enumerable.Range(0, length).Select(_ => (float)(((random.NextDouble() * 2) - 1) * range))];
        if (length > 0)
        {
            switch (special)
            {
                case 2:
                    samples[^1] = float.NaN;
                    break;
                case 3:
                    samples[random.Next(length)] = float.NaN;
                    break;
                case 4:
                    samples[^1] = float.NegativeInfinity;
                    break;
                case 5:
                    samples[0] = -1f;
                    samples[^1] = 1f;
                    break;
            }
        }

        float startPeak = special == 1 ? 0.25f : 0f;
        float expectedPeak = startPeak;
        long expectedClipped = 3;
        foreach (float sample in samples)
        {
            float magnitude = MathF.Abs(sample);
            expectedPeak = MathF.Max(expectedPeak, magnitude);
            expectedClipped += magnitude > 1f ? 1 : 0;
        }

        float peak = startPeak;
        long clipped = 3;
        StemOutputs.Measure(samples, ref peak, ref clipped);

        Assert.Equal(BitConverter.SingleToInt32Bits(expectedPeak), BitConverter.SingleToInt32Bits(peak));
        Assert.Equal(expectedClipped, clipped);
    }

    [Fact]
    public void Measure_KeepsANaNPeak_OnceSeen()
    {
        float peak = 0f;
        long clipped = 0;
        StemOutputs.Measure([0.5f, float.NaN, 2f], ref peak, ref clipped);
        StemOutputs.Measure([3f, 0.1f], ref peak, ref clipped);

        Assert.True(float.IsNaN(peak));
        Assert.Equal(2, clipped);
    }
}
