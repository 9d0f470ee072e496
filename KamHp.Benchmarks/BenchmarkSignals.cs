namespace KamHp.Benchmarks;

/// <summary>Deterministic benchmark material: tones plus noise bursts, stereo, 44.1 kHz.</summary>
internal static class BenchmarkSignals
{
    public const int SampleRateHz = 44100;

    public static float[][] Stereo(double seconds, int seed = 1)
    {
        int length = (int)(seconds * SampleRateHz);
        var random = new Random(seed);
        var channels = new[] { new float[length], new float[length] };
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < length; i++)
            {
                double tone = (0.2 * Math.Sin(2 * Math.PI * (220 + (110 * c)) * i / SampleRateHz))
                    + (0.1 * Math.Sin(2 * Math.PI * 659.25 * i / SampleRateHz));
                int phase = i % 11025;
                double burst = phase < 2000 ? Math.Exp(-phase / 300.0) * ((2 * random.NextDouble()) - 1) : 0;
                channels[c][i] = (float)(tone + (0.5 * burst));
            }
        }

        return channels;
    }
}
