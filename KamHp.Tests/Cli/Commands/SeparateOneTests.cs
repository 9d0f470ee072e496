using KamHp.Cli.Audio;
using KamHp.Cli.Commands;

namespace KamHp.Tests.Cli.Commands;

/// <summary>
/// The vectorised check for NaN and infinity in an input (<see cref="SeparateOne.CheckSamples"/>) finds the first one
/// exactly where the per-sample predicate did: every bit pattern of both signs, in the vector part and the tail.
/// </summary>
public sealed class SeparateOneTests
{
    private static readonly float[] NonFinite =
    [
        float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity,
        BitConverter.Int32BitsToSingle(0x7F800001), BitConverter.Int32BitsToSingle(unchecked((int)0xFFFFFFFF)),
    ];

    private static readonly float[] FiniteEdges =
    [
        float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 0f, -0f, BitConverter.Int32BitsToSingle(0x7F7FFFFF),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(70)]
    [InlineData(1003)]
    public void FirstNonFinite_IsTheFirstIndexThePerSamplePredicateFinds(int length)
    {
        var random = new Random(length);
        foreach (float bad in NonFinite)
        {
            foreach (int at in new[] { 0, length / 2, length - 2, length - 1 }.Where(i => i >= 0).Distinct())
            {
                float[] samples = [.. Enumerable.Range(0, length).Select(i => FiniteEdges[random.Next(FiniteEdges.Length)] * (float)random.NextDouble())];
                samples[at] = bad;
                if (at + 1 < length)
                {
                    // A later one of the other sign must not be reported first.
                    samples[length - 1] = -bad;
                }

                Assert.Equal(Array.FindIndex(samples, s => !float.IsFinite(s)), SeparateOne.FirstNonFinite(samples));
            }
        }
    }

    [Fact]
    public void FirstNonFinite_FindsNothing_InFiniteExtremes()
    {
        float[] samples = [.. Enumerable.Range(0, 1001).Select(i => FiniteEdges[i % FiniteEdges.Length])];

        Assert.Equal(-1, SeparateOne.FirstNonFinite(samples));
    }

    [Fact]
    public void CheckSamples_NamesTheLastSampleOfTheSecondChannel()
    {
        float[] left = new float[1001];
        float[] right = new float[1001];
        right[1000] = float.NegativeInfinity;

        string? problem = SeparateOne.CheckSamples("x.wav", new AudioClip(44100, [left, right]));

        Assert.Equal("x.wav: sample 1000 of channel 2 is -Infinity; only finite samples can be separated", problem);
    }
}
