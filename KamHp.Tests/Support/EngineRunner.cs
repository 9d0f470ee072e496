using KamHp.Dsp;

namespace KamHp.Tests.Support;

/// <summary>Latency-aligned outputs of a streaming run: planar, same length as the input.</summary>
internal sealed record EngineRun(float[][] Mix, float[][] Harmonic, float[][] Percussive, float[][] Raw);

/// <summary>Drives a <see cref="KamHpEngine"/> over a whole signal in host-sized blocks.</summary>
internal static class EngineRunner
{
    /// <summary>
    /// Feeds <paramref name="input"/> followed by latency + <paramref name="extraTail"/> zeros in blocks from
    /// <paramref name="nextBlock"/>; returns the outputs with the latency removed (and the raw mix as produced).
    /// </summary>
    public static EngineRun Run(KamHpEngine engine, float[][] input, Func<int> nextBlock, float harmonicGain = 1f, float percussiveGain = 1f, int extraTail = 0)
    {
        int channels = engine.ChannelCount;
        int length = input[0].Length;
        int latency = engine.LatencySamples;
        int total = length + latency + extraTail;
        var padded = new float[channels][];
        var mix = new float[channels][];
        var harmonic = new float[channels][];
        var percussive = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            padded[c] = new float[total];
            input[c].CopyTo(padded[c], 0);
            mix[c] = new float[total];
            harmonic[c] = new float[total];
            percussive[c] = new float[total];
        }

        int position = 0;
        while (position < total)
        {
            int n = Math.Min(nextBlock(), total - position);
            engine.Process(
                new AudioBuffer(padded, position, n),
                new AudioBuffer(mix, position, n),
                new AudioBuffer(harmonic, position, n),
                new AudioBuffer(percussive, position, n),
                harmonicGain,
                percussiveGain);
            position += n;
        }

        return new EngineRun(Align(mix, latency, length), Align(harmonic, latency, length), Align(percussive, latency, length), mix);
    }

    public static Func<int> Fixed(int size) => () => size;

    public static Func<int> RandomSizes(int seed, int max)
    {
        var random = new Random(seed);
        return () => random.Next(1, max + 1);
    }

    private static float[][] Align(float[][] signals, int latency, int length)
    {
        var aligned = new float[signals.Length][];
        for (int c = 0; c < signals.Length; c++)
        {
            aligned[c] = signals[c].AsSpan(latency, length).ToArray();
        }

        return aligned;
    }
}
