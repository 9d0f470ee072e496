using KamHp.Tests.Plugin;
using KamHp.Tests.Vst3.Native;

namespace KamHp.Tests.Vst3;

/// <summary>Running audio through a loaded plug-in instance and checking it against the null test (mix = delayed input).</summary>
internal static class Vst3Audio
{
    /// <summary>Float rounding of the engine at unity gains (DESIGN.md: the null test holds to float precision).</summary>
    public const float NullTolerance = 1e-5f;

    public sealed record RunResult(float[][] Main, float[][] Harmonic, float[][] Percussive);

    /// <summary>Processes <paramref name="input"/> in blocks of <paramref name="blockSize"/>, all buses connected.</summary>
    public static RunResult Run(PluginInstance instance, float[][] input, int blockSize, PluginInstance? forwardTo = null)
    {
        var length = input[0].Length;
        var channels = input.Length;
        float[][] New() => Enumerable.Range(0, channels).Select(_ => new float[length]).ToArray();
        var result = new RunResult(New(), New(), New());
        for (var start = 0; start < length; start += blockSize)
        {
            var count = Math.Min(blockSize, length - start);
            var processed = instance.Process(input, result.Main, result.Harmonic, result.Percussive, start, count);
            Assert.Equal(0, processed.Status);
            forwardTo?.ForwardToController(processed.OutputChanges);
        }

        return result;
    }

    /// <summary>Asserts <paramref name="output"/> is <paramref name="input"/> delayed by <paramref name="latency"/> samples.</summary>
    public static void AssertDelayed(float[] input, float[] output, int latency)
    {
        var tolerance = NullTolerance * Math.Max(1e-6f, TestSignals.Peak(input));
        for (var i = 0; i < output.Length; i++)
        {
            var expected = i >= latency ? input[i - latency] : 0f;
            if (Math.Abs(expected - output[i]) > tolerance)
            {
                Assert.Fail($"sample {i}: expected {expected}, got {output[i]} (latency {latency})");
            }
        }
    }
}
