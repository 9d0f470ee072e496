namespace KamHp.Tests.Plugin;

/// <summary>Seeded test material.</summary>
internal static class TestSignals
{
    /// <summary>A stereo mix of a few sines and soft noise bursts, peak about 0.5.</summary>
    public static (float[] Left, float[] Right) Music(int length, double sampleRateHz, int seed)
    {
        var random = new Random(seed);
        var left = new float[length];
        var right = new float[length];
        for (var i = 0; i < length; i++)
        {
            var t = i / sampleRateHz;
            var tone = (0.2 * Math.Sin(2 * Math.PI * 220 * t)) + (0.1 * Math.Sin(2 * Math.PI * 330 * t));
            var burst = (i % 11025) < 400 ? 0.15 * ((random.NextDouble() * 2) - 1) : 0.0;
            left[i] = (float)(tone + burst);
            right[i] = (float)((0.8 * tone) + burst + (0.02 * Math.Sin(2 * Math.PI * 1000 * t)));
        }

        return (left, right);
    }

    /// <summary>A unit impulse at <paramref name="position"/>.</summary>
    public static float[] Impulse(int length, int position)
    {
        var x = new float[length];
        x[position] = 1f;
        return x;
    }

    /// <summary>Index of the largest magnitude.</summary>
    public static int PeakIndex(ReadOnlySpan<float> x)
    {
        var best = 0;
        for (var i = 1; i < x.Length; i++)
        {
            if (Math.Abs(x[i]) > Math.Abs(x[best]))
            {
                best = i;
            }
        }

        return best;
    }

    public static float Peak(ReadOnlySpan<float> x)
    {
        var peak = 0f;
        foreach (var v in x)
        {
            peak = Math.Max(peak, Math.Abs(v));
        }

        return peak;
    }
}
