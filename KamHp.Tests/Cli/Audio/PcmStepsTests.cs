using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Audio;

/// <summary>
/// The vectorised PCM quantiser (<see cref="WavFile.PcmSteps"/>) gives the step of the per-sample one
/// (<see cref="WavFile.PcmStep"/>) for every sample: ties (rounded half to even), full scale and beyond, infinities,
/// NaN, signed zeros, subnormals and random bit patterns, in the vector part and the tail.
/// </summary>
public sealed class PcmStepsTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(8)]
    public void PcmSteps_AreTheStepsOfPcmStep_ForEverySample(int bits)
    {
        float scale = bits == 32 ? 2147483648f : 1 << (bits - 1);
        var special = new List<float>
        {
            float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon,
            float.MaxValue, float.MinValue, 1f, -1f, 1.0000001f, -1.0000001f, 2f, -2f, 1 - (1 / scale), 1 - (0.5f / scale),
        };
        for (int k = -4; k <= 4; k++)
        {
            special.Add((k + 0.5f) / scale);   // ties: half to even
            special.Add((k + 0.25f) / scale);
            special.Add((k + 0.75f) / scale);
        }

        var random = new Random(bits);
        float[] samples =
        [
            .. special,
            .. Enumerable.Range(0, 3000).Select(_ => (float)((random.NextDouble() * 2.5) - 1.25)),
            .. Enumerable.Range(0, 3000).Select(_ => BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue))),
            .. special,
        ];

        foreach (int length in new[] { samples.Length, samples.Length - 3, 7, 1 })
        {
            ReadOnlySpan<float> part = samples.AsSpan(samples.Length - length);
            var steps = new int[length];
            WavFile.PcmSteps(part, bits, steps);

            for (int i = 0; i < length; i++)
            {
                Assert.True(WavFile.PcmStep(part[i], bits) == steps[i], $"sample {part[i]:R} (bits 0x{BitConverter.SingleToInt32Bits(part[i]):X8}): step {steps[i]}, expected {WavFile.PcmStep(part[i], bits)}");
            }
        }
    }
}
