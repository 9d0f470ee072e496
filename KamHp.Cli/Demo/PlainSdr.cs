namespace KamHp.Cli.Demo;

/// <summary>
/// Plain signal-to-distortion ratio, SDR = 10 log10(|s|^2 / |s - s_est|^2) in dB, summed over all channels and
/// samples. Not BSS Eval's SDR (no allowed distortion filter): any gain or filtering counts as error, so it is the
/// stricter of the two. Enough for a demo where the true stems are sample-aligned with the mixture.
/// </summary>
internal static class PlainSdr
{
    /// <summary>Error energy at or below this (relative to the reference energy) is reported as this ratio, not infinity.</summary>
    public const double MaxRatioDb = 300.0;

    /// <summary>SDR of <paramref name="estimate"/> against <paramref name="reference"/>, in dB.</summary>
    /// <exception cref="ArgumentException">Different channel counts or lengths, or a silent reference.</exception>
    public static double Compute(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> estimate)
    {
        if (reference.Count != estimate.Count)
        {
            throw new ArgumentException("Reference and estimate need the same number of channels.", nameof(estimate));
        }

        double signal = 0, error = 0;
        for (int c = 0; c < reference.Count; c++)
        {
            float[] s = reference[c];
            float[] e = estimate[c];
            if (s.Length != e.Length)
            {
                throw new ArgumentException("Reference and estimate need the same length.", nameof(estimate));
            }

            for (int i = 0; i < s.Length; i++)
            {
                double d = (double)s[i] - e[i];
                signal += (double)s[i] * s[i];
                error += d * d;
            }
        }

        if (signal <= 0)
        {
            throw new ArgumentException("The reference is silent; SDR is undefined.", nameof(reference));
        }

        return error <= signal * Math.Pow(10, -MaxRatioDb / 10) ? MaxRatioDb : 10 * Math.Log10(signal / error);
    }
}
