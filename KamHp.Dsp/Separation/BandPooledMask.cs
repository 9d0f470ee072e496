using System.Runtime.Intrinsics;

namespace KamHp.Dsp.Separation;

/// <summary>
/// The Wiener mask of a short synthesis frame from the source powers of a long estimation frame: each short bin's
/// mask is the ratio of the harmonic power to the total power pooled over the long bins it spans,
/// m(g) = sum_f w_g(f)·s_H(f) / sum_f w_g(f)·(s_H(f) + s_P(f)), with triangular weights w_g over the long bins within
/// one short-bin spacing of g. With an exponent p (<see cref="EngineSettings.MaskSharpness"/>), the pooled powers are
/// raised to p before the ratio.
/// </summary>
/// <remarks>
/// <para>Why two resolutions (the Instant latency mode): the medians need fine frequency resolution (the harmonic
/// median follows partials, the percussive median must see a partial as a narrow peak: FitzGerald 2010's 4096-point
/// frames), but a mask with that much frequency detail is a filter whose impulse response is far longer than the few
/// milliseconds of output a low-latency frame may overlap-add: applied to the long frame, it smears the window's short
/// right-hand taper and the output no longer matches the synthesis window. Pooling the powers onto the bins of a short
/// frame (as long as the latency allows) and filtering that frame keeps the estimate's resolution where it matters
/// (the ratio is formed from finely resolved powers) and a filter as short as the output. On the dev corpus this was
/// worth 0.6 dB of mean SDR over filtering the long frame itself (see docs/RESULTS.md).</para>
/// <para>Allocates in the constructor only; <see cref="Compute"/> is real-time safe.</para>
/// </remarks>
public sealed class BandPooledMask
{
    /// <summary>Pooled powers below this are treated as silence (mask 1/2), so the ratio never divides by zero or a denormal.</summary>
    public const float PowerFloor = 1e-30f;

    private readonly int _ratio;
    private readonly float[] _falling;   // 1 - i/ratio, i = 0..ratio-1: the falling half of a triangle, from its centre
    private readonly float[] _rising;    // i/ratio: the rising half, ending just before the next centre

    /// <summary>Prepares the weights for pooling <paramref name="longBinCount"/> bins onto <paramref name="shortBinCount"/> bins.</summary>
    /// <param name="longBinCount">Bins of the estimation frame, N_long / 2 + 1.</param>
    /// <param name="shortBinCount">Bins of the synthesis frame, N_short / 2 + 1, with N_long / N_short a power of two (1 or more).</param>
    /// <exception cref="ArgumentOutOfRangeException">The bin counts do not come from two FFT sizes in a power-of-two ratio.</exception>
    public BandPooledMask(int longBinCount, int shortBinCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shortBinCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(longBinCount, shortBinCount);
        int longSize = 2 * (longBinCount - 1), shortSize = 2 * (shortBinCount - 1);
        if (longSize % shortSize != 0 || !int.IsPow2(longSize / shortSize))
        {
            throw new ArgumentOutOfRangeException(nameof(longBinCount), longBinCount, "The FFT sizes must be in a power-of-two ratio.");
        }

        LongBinCount = longBinCount;
        ShortBinCount = shortBinCount;
        _ratio = longSize / shortSize;
        _falling = new float[_ratio];
        _rising = new float[_ratio];
        for (int i = 0; i < _ratio; i++)
        {
            _rising[i] = i / (float)_ratio;
            _falling[i] = 1f - _rising[i];
        }
    }

    /// <summary>Bins of the estimation frame.</summary>
    public int LongBinCount { get; }

    /// <summary>Bins of the synthesis frame.</summary>
    public int ShortBinCount { get; }

    /// <summary>Computes the short frame's harmonic mask, 0..1 per bin.</summary>
    /// <param name="harmonicPower">s_H per long bin, finite and non-negative, at least <see cref="LongBinCount"/> values.</param>
    /// <param name="percussivePower">s_P per long bin, likewise.</param>
    /// <param name="exponent">p, 0..8: 1 is the paper's Wiener filter, 0 gives 1/2 everywhere.</param>
    /// <param name="harmonicMask">Receives <see cref="ShortBinCount"/> values.</param>
    public void Compute(ReadOnlySpan<float> harmonicPower, ReadOnlySpan<float> percussivePower, float exponent, Span<float> harmonicMask)
    {
        if (harmonicPower.Length < LongBinCount || percussivePower.Length < LongBinCount || harmonicMask.Length < ShortBinCount)
        {
            throw new ArgumentException("Spans shorter than the bin counts.");
        }

        // Split every triangle at its centre: with block j = long bins [r·j, r·j + r), the rising half of short bin g is
        // block g-1 weighted by i/r, the falling half block g weighted by 1 - i/r (i = 0..r-1, the bin within the
        // block). So each block's two weighted sums serve two short bins: O(long bins) work, and whole vectors when
        // r is a multiple of 8.
        int ratio = _ratio, blocks = ShortBinCount - 1;
        float risingH = 0, risingP = 0;   // block g-1's rising sums (none before bin 0)
        for (int g = 0; g < blocks; g++)
        {
            ReadOnlySpan<float> h = harmonicPower.Slice(g * ratio, ratio), p = percussivePower.Slice(g * ratio, ratio);
            (float fallingH, float nextRisingH) = WeightedSums(h);
            (float fallingP, float nextRisingP) = WeightedSums(p);
            harmonicMask[g] = Ratio(fallingH + risingH, fallingP + risingP, exponent);
            risingH = nextRisingH;
            risingP = nextRisingP;
        }

        // The last short bin is the last long bin (Nyquist): its falling half is that bin alone.
        harmonicMask[blocks] = Ratio(harmonicPower[blocks * ratio] + risingH, percussivePower[blocks * ratio] + risingP, exponent);
    }

    private static float Ratio(float harmonic, float percussive, float exponent)
    {
        if (exponent != 1f)
        {
            harmonic = MathF.Pow(harmonic, exponent);
            percussive = MathF.Pow(percussive, exponent);
        }

        float total = harmonic + percussive;
        return total > PowerFloor && float.IsFinite(total) ? harmonic / total : 0.5f;
    }

    /// <summary>(sum of (1 - i/r)·x_i, sum of (i/r)·x_i) over one block of r values.</summary>
    private (float Falling, float Rising) WeightedSums(ReadOnlySpan<float> block)
    {
        ReadOnlySpan<float> falling = _falling, rising = _rising;
        if (Vector256.IsHardwareAccelerated && block.Length % Vector256<float>.Count == 0)
        {
            Vector256<float> f = Vector256<float>.Zero, r = Vector256<float>.Zero;
            for (int i = 0; i < block.Length; i += Vector256<float>.Count)
            {
                Vector256<float> x = Vector256.Create(block.Slice(i, Vector256<float>.Count));
                f += x * Vector256.Create(falling.Slice(i, Vector256<float>.Count));
                r += x * Vector256.Create(rising.Slice(i, Vector256<float>.Count));
            }

            return (Vector256.Sum(f), Vector256.Sum(r));
        }

        float sumFalling = 0, sumRising = 0;
        for (int i = 0; i < block.Length; i++)
        {
            sumFalling += falling[i] * block[i];
            sumRising += rising[i] * block[i];
        }

        return (sumFalling, sumRising);
    }
}
