using System.Numerics.Tensors;

namespace KamHp.Evaluation.Research;

/// <summary>
/// Two-resolution harmonic/percussive separation: a harmonic pass with a long window (fine frequency resolution,
/// so sustained partials stand out as narrow horizontal lines) takes what is harmonic; a percussive pass with a
/// short window (fine time resolution, so strokes stay sharp) takes what is percussive from the rest; everything
/// else is harmonic. After the cascades of Driedger, Müller and Disch (ISMIR 2014) and Tachibana et al. (two-stage
/// HPSS), with FitzGerald's median kernels (DAFx 2010) in physical units in each pass.
/// </summary>
/// <remarks>
/// percussive = P2, harmonic = input - P2, so the outputs add up to the input exactly. With margins above 1 a residual
/// (input - H1 - P2) is what neither pass claims; it is reported separately and counted in the harmonic output.
/// </remarks>
public sealed class CascadeSeparator
{
    private readonly CascadeSettings _settings;

    /// <summary>Creates a separator; throws <see cref="ArgumentOutOfRangeException"/> for invalid settings.</summary>
    public CascadeSeparator(CascadeSettings settings)
    {
        settings.Validate();
        _settings = settings;
    }

    /// <summary>Separates planar audio (1 or 2 channels of equal length) at <paramref name="sampleRateHz"/>.</summary>
    /// <param name="channels">Samples per channel.</param>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <returns>Harmonic, percussive (they sum to the input) and the residual included in the harmonic output.</returns>
    public (float[][] Harmonic, float[][] Percussive, float[][] Residual) Separate(IReadOnlyList<float[]> channels, double sampleRateHz)
    {
        if (channels.Count is < 1 or > 2)
        {
            throw new ArgumentException("Expected 1 or 2 channels.", nameof(channels));
        }

        int length = channels[0].Length;
        (PassSettings first, PassSettings second) = _settings.PassesFor(sampleRateHz);
        float[][] h1 = NewPlanar(channels.Count, length);
        float[][] p = NewPlanar(channels.Count, length);
        float[][] h = NewPlanar(channels.Count, length);
        float[][] r = NewPlanar(channels.Count, length);
        if (_settings.Passes == 1)
        {
            Run(new MaskedPass(first), channels, h1, null);
            for (int c = 0; c < channels.Count; c++)
            {
                h1[c].CopyTo(h[c], 0);
                TensorPrimitives.Subtract(channels[c], h1[c], p[c]);
            }

            return (h, p, r);
        }

        Run(new MaskedPass(first), channels, h1, null);
        float[][] rest = NewPlanar(channels.Count, length);
        for (int c = 0; c < channels.Count; c++)
        {
            TensorPrimitives.Subtract(channels[c], h1[c], rest[c]);
        }

        Run(new MaskedPass(second), rest, null, p);
        for (int c = 0; c < channels.Count; c++)
        {
            TensorPrimitives.Subtract(channels[c], p[c], h[c]);
            TensorPrimitives.Subtract(rest[c], p[c], r[c]);
        }

        return (h, p, r);
    }

    private void Run(MaskedPass pass, IReadOnlyList<float[]> input, float[][]? harmonic, float[][]? percussive)
    {
        if (!_settings.PerChannel || input.Count == 1)
        {
            pass.Run(input, harmonic, percussive);
            return;
        }

        for (int c = 0; c < input.Count; c++)
        {
            pass.Run([input[c]], harmonic is null ? null : [harmonic[c]], percussive is null ? null : [percussive[c]]);
        }
    }

    private static float[][] NewPlanar(int channels, int length)
    {
        var planar = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            planar[c] = new float[length];
        }

        return planar;
    }
}
