using KamHp.Dsp.Offline;

namespace KamHp.Cli.Commands;

/// <summary>
/// Lets signals shorter than the harmonic kernel separate: the time median over K frames of a signal of fewer than
/// K/2 frames sees mostly the zeros beyond its ends and returns a silent harmonic part. Such a signal is extended by
/// mirroring it (x[n-1], ..., x[0] | x[0], ..., x[n-1] | x[n-1], ...), which keeps its spectrum where it is, separated,
/// and cropped back; H + P == x still holds sample for sample on the original span.
/// </summary>
internal static class ShortSignalPadding
{
    /// <summary>Samples of mirrored signal on each side, or 0 when the signal spans enough frames as it is.</summary>
    public static int PaddingFor(KamSettings settings, int sampleCount)
    {
        int frames = settings.Stft.FrameCount(sampleCount);
        if (frames >= settings.HarmonicKernelFrames)
        {
            return 0;
        }

        // One kernel of frames each side: then every frame of the original has a full window of signal.
        return (settings.HarmonicKernelFrames * settings.HopSize) + settings.FftSize;
    }

    /// <summary>The channels with <paramref name="padding"/> mirrored samples before and after.</summary>
    public static float[][] Pad(IReadOnlyList<float[]> channels, int padding)
    {
        var padded = new float[channels.Count][];
        for (int c = 0; c < channels.Count; c++)
        {
            float[] x = channels[c];
            var y = new float[x.Length + (2 * padding)];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = x[Mirror(i - padding, x.Length)];
            }

            padded[c] = y;
        }

        return padded;
    }

    /// <summary>The middle <paramref name="length"/> samples of each channel.</summary>
    public static float[][] Crop(IReadOnlyList<float[]> channels, int padding, int length) =>
        [.. channels.Select(c => c.AsSpan(padding, length).ToArray())];

    /// <summary>Index into a signal of <paramref name="length"/> samples mirrored with repeated edges, period 2 x length.</summary>
    private static int Mirror(int index, int length)
    {
        int period = 2 * length;
        int k = ((index % period) + period) % period;
        return k < length ? k : period - 1 - k;
    }
}
