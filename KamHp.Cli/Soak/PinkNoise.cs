namespace KamHp.Cli.Soak;

/// <summary>
/// Seeded stereo pink noise (-3 dB per octave) from Paul Kellet's economy filter of white noise, about -12 dBFS RMS.
/// Generated once into a loop of a few seconds so that the soak spends its time in the plugin.
/// </summary>
internal static class PinkNoise
{
    public static float[] Generate(int length, int seed)
    {
        var random = new Random(seed);
        var output = new float[length];
        double b0 = 0, b1 = 0, b2 = 0;
        for (var i = 0; i < length; i++)
        {
            var white = (2 * random.NextDouble()) - 1;
            b0 = (0.99765 * b0) + (white * 0.0990460);
            b1 = (0.96300 * b1) + (white * 0.2965164);
            b2 = (0.57000 * b2) + (white * 1.0526913);
            output[i] = (float)(0.05 * (b0 + b1 + b2 + (white * 0.1848)));
        }

        return output;
    }
}
