using System.Numerics.Tensors;
using KamHp.Dsp.Filters;
using KamHp.Dsp.Spectral;

namespace KamHp.Evaluation.Research;

/// <summary>
/// One harmonic/percussive pass at one time-frequency resolution (FitzGerald 2010, with the KAM backfitting of
/// FitzGerald et al. 2014 without spatial model): channel-averaged power spectrogram, harmonic median over
/// <see cref="PassSettings.HarmonicKernelFrames"/> frames, percussive median over
/// <see cref="PassSettings.PercussiveKernelBins"/> bins, repeated <see cref="PassSettings.Iterations"/> times on the
/// Wiener estimates, then soft masks with exponent and margins (Driedger, Müller, Disch 2014) applied to every channel.
/// </summary>
/// <remarks>
/// Masks from powers s_H, s_P with exponent p and margins b_H, b_P &gt;= 1:
/// M_H = s_H^p / (s_H^p + (b_H s_P)^p), M_P = s_P^p / (s_P^p + (b_P s_H)^p). With both margins 1 the masks add up to 1
/// (the paper's Wiener filter for p = 1); larger margins keep only what is clearly harmonic (or percussive) and leave
/// the rest, 1 - M_H - M_P, to the caller. Where both powers are below <see cref="PowerFloor"/> each mask is 0.
/// </remarks>
internal sealed class MaskedPass
{
    /// <summary>Powers at or below this are silence (squared-magnitude units), as in the paper-exact separator.</summary>
    public const float PowerFloor = 1e-20f;

    private readonly PassSettings _settings;
    private readonly Stft _stft;

    public MaskedPass(PassSettings settings)
    {
        _settings = settings;
        _stft = new Stft(new StftSettings(settings.FftSize, settings.HopSize));
    }

    /// <summary>
    /// Separates <paramref name="input"/>; writes the harmonic part (M_H applied) and the percussive part (M_P applied)
    /// as time signals. Either destination may be null when that part is not needed.
    /// </summary>
    public void Run(IReadOnlyList<float[]> input, float[][]? harmonic, float[][]? percussive)
    {
        Spectrogram x = _stft.Analyze(input);
        int frames = x.FrameCount, bins = x.BinCount, channels = x.ChannelCount;
        int size = frames * bins;
        var medians = new SpectralMedians(_settings.HarmonicKernelFrames, _settings.PercussiveKernelBins, bins);
        float[] power = new float[medians.ObservationLength(frames)];
        float[] percussiveObservation = new float[size];
        float[] sH = new float[size];
        float[] sP = new float[size];
        float[] maskH = new float[size];
        float[] scratch = new float[bins];

        // Observations of the first iteration: the mixture power (the 1/(I J) of Algorithm 1's initialisation
        // scales both sources alike and does not change the medians' ratio).
        Span<float> z = power.AsSpan(0, size);
        for (int c = 0; c < channels; c++)
        {
            TensorPrimitives.MultiplyAdd(x.Real[c], x.Real[c], z, z);
            TensorPrimitives.MultiplyAdd(x.Imag[c], x.Imag[c], z, z);
        }

        z.CopyTo(percussiveObservation);
        for (int n = 1; n <= _settings.Iterations; n++)
        {
            medians.HarmonicAllFrames(power, frames, sH);
            for (int t = 0; t < frames; t++)
            {
                medians.PercussiveFrame(percussiveObservation.AsSpan(t * bins, bins), sP.AsSpan(t * bins, bins));
            }

            if (n == _settings.Iterations)
            {
                break;
            }

            // Backfitting without spatial model: z_H = |M x|^2, z_P = |(1 - M) x|^2 with the Wiener mask M (p = 1).
            Masks(sH, sP, 1f, 1f, maskH);
            RecomputeObservations(x, maskH, z, percussiveObservation, scratch);
        }

        if (harmonic is not null)
        {
            Masks(sH, sP, _settings.MaskExponent, _settings.HarmonicMargin, maskH);
            Apply(x, maskH, harmonic);
        }

        if (percussive is not null)
        {
            Masks(sP, sH, _settings.MaskExponent, _settings.PercussiveMargin, maskH);
            Apply(x, maskH, percussive);
        }
    }

    /// <summary>M = a^p / (a^p + (b m)^p), computed as 1 / (1 + (m b / a)^p); 0 where a + b is silent.</summary>
    internal static void Masks(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float exponent, float margin, Span<float> mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            float sum = a[i] + b[i];
            if (!(sum > PowerFloor))
            {
                mask[i] = 0f;
                continue;
            }

            float ratio = margin * b[i] / a[i];                       // inf where a = 0: mask 0
            mask[i] = exponent == 1f ? 1f / (1f + ratio) : 1f / (1f + MathF.Pow(ratio, exponent));
        }
    }

    private static void RecomputeObservations(Spectrogram x, float[] mask, Span<float> zH, float[] zP, float[] scratch)
    {
        int bins = x.BinCount;
        zH.Clear();
        Array.Clear(zP);
        for (int c = 0; c < x.ChannelCount; c++)
        {
            for (int t = 0; t < x.FrameCount; t++)
            {
                int row = t * bins;
                ReadOnlySpan<float> m = mask.AsSpan(row, bins);
                for (int part = 0; part < 2; part++)
                {
                    float[] component = part == 0 ? x.Real[c] : x.Imag[c];
                    TensorPrimitives.Multiply(component.AsSpan(row, bins), m, scratch);
                    Span<float> h = zH.Slice(row, bins);
                    TensorPrimitives.MultiplyAdd(scratch, scratch, h, h);
                    TensorPrimitives.Subtract(component.AsSpan(row, bins), scratch, scratch);
                    Span<float> p = zP.AsSpan(row, bins);
                    TensorPrimitives.MultiplyAdd(scratch, scratch, p, p);
                }
            }
        }
    }

    private void Apply(Spectrogram x, float[] mask, float[][] destination)
    {
        int size = x.FrameCount * x.BinCount;
        float[] re = new float[size];
        float[] im = new float[size];
        for (int c = 0; c < x.ChannelCount; c++)
        {
            TensorPrimitives.Multiply(x.Real[c], mask, re);
            TensorPrimitives.Multiply(x.Imag[c], mask, im);
            _stft.Synthesize(re, im, x.FrameCount, destination[c]);
        }
    }
}
