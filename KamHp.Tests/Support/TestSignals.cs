namespace KamHp.Tests.Support;

/// <summary>Seeded test material: noise, tones, clicks; and simple error measures.</summary>
internal static class TestSignals
{
    public static float[] Noise(int length, int seed, float amplitude = 0.5f)
    {
        var random = new Random(seed);
        var signal = new float[length];
        for (int i = 0; i < length; i++)
        {
            signal[i] = amplitude * ((2 * random.NextSingle()) - 1);
        }

        return signal;
    }

    /// <summary>Steady harmonic tones (sum of partials of a few notes), the "harmonic" stem.</summary>
    public static float[] Tones(int length, double sampleRateHz, double[] fundamentalsHz, float amplitude = 0.2f)
    {
        var signal = new float[length];
        foreach (double f0 in fundamentalsHz)
        {
            for (int partial = 1; partial <= 6; partial++)
            {
                double f = f0 * partial;
                if (f >= sampleRateHz / 2)
                {
                    break;
                }

                double a = amplitude / partial;
                for (int i = 0; i < length; i++)
                {
                    signal[i] += (float)(a * Math.Sin(2 * Math.PI * f * i / sampleRateHz));
                }
            }
        }

        return signal;
    }

    /// <summary>Clicks and short decaying noise bursts every <paramref name="periodSamples"/>, the "percussive" stem.</summary>
    public static float[] Clicks(int length, int periodSamples, int seed, float amplitude = 0.6f)
    {
        var random = new Random(seed);
        var signal = new float[length];
        for (int start = periodSamples / 3; start < length; start += periodSamples)
        {
            int burst = 400;
            for (int i = 0; i < burst && start + i < length; i++)
            {
                double envelope = Math.Exp(-i / 60.0);
                signal[start + i] += (float)(amplitude * envelope * ((2 * random.NextDouble()) - 1));
            }
        }

        return signal;
    }

    public static float[] Add(float[] a, float[] b)
    {
        var sum = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            sum[i] = a[i] + b[i];
        }

        return sum;
    }

    /// <summary>Plain SDR in dB: 10 log10(|s|^2 / |s - estimate|^2).</summary>
    public static double Sdr(float[] reference, float[] estimate, int skip = 0)
    {
        double signal = 0, error = 0;
        for (int i = skip; i < reference.Length - skip; i++)
        {
            signal += (double)reference[i] * reference[i];
            double e = reference[i] - (double)estimate[i];
            error += e * e;
        }

        return 10 * Math.Log10(signal / Math.Max(error, 1e-300));
    }

    /// <summary>Largest absolute difference relative to the largest absolute reference value.</summary>
    public static double RelativeMaxError(ReadOnlySpan<float> reference, ReadOnlySpan<float> actual)
    {
        double peak = 0, worst = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            peak = Math.Max(peak, Math.Abs(reference[i]));
            worst = Math.Max(worst, Math.Abs(reference[i] - (double)actual[i]));
        }

        return worst / Math.Max(peak, 1e-300);
    }
}
