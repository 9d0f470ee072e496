using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation;

/// <summary>
/// The per-frame arithmetic of KAM without a spatial model (FitzGerald et al. 2014, eq. 7 with R_j = I and Algorithm 1
/// step 4c), written once for both paths: <see cref="Offline.KamOfflineSeparator"/> calls these on each frame of the
/// whole excerpt, the streaming <see cref="Stage"/>s on each frame as it arrives. Same calls in the same order is what
/// makes streaming output equal offline output bit for bit (a test).
/// </summary>
/// <remarks>
/// Every kernel checks its span lengths once per call (<see cref="ArgumentException"/>), never per element, and then
/// runs element-wise <see cref="TensorPrimitives"/> operations (never fused multiply-adds: the same roundings on every
/// CPU). None of them allocates.
/// </remarks>
public static class FrameKernels
{
    /// <summary>
    /// Wiener mask s_H / (s_H + s_P) per bin, 0.5 where the sum is at or below <see cref="NumericalGuards.PowerFloor"/>
    /// (the split of the initialisation). Vectorised; equal bit for bit to the scalar rule (IEEE division is correctly
    /// rounded, and the float threshold <see cref="NumericalGuards.PowerFloorSingle"/> decides exactly as the double floor).
    /// </summary>
    /// <param name="harmonicPower">s_H, one value per bin.</param>
    /// <param name="percussivePower">s_P, as long as <paramref name="harmonicPower"/>.</param>
    /// <param name="mask">Receives the mask, as long as the powers. May alias neither input.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void WienerMask(ReadOnlySpan<float> harmonicPower, ReadOnlySpan<float> percussivePower, Span<float> mask)
    {
        if (harmonicPower.Length != mask.Length || percussivePower.Length != mask.Length)
        {
            throw new ArgumentException("Powers and mask must have the same length.", nameof(mask));
        }

        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var floor = Vector256.Create(NumericalGuards.PowerFloorSingle);
            var half = Vector256.Create(0.5f);
            ref float h = ref MemoryMarshal.GetReference(harmonicPower);
            ref float p = ref MemoryMarshal.GetReference(percussivePower);
            ref float m = ref MemoryMarshal.GetReference(mask);
            for (; f + 8 <= mask.Length; f += 8)
            {
                Vector256<float> sh = Vector256.LoadUnsafe(ref h, (nuint)f);
                Vector256<float> sum = sh + Vector256.LoadUnsafe(ref p, (nuint)f);
                Vector256.ConditionalSelect(Vector256.GreaterThan(sum, floor), sh / sum, half).StoreUnsafe(ref m, (nuint)f);
            }
        }

        for (; f < mask.Length; f++)
        {
            float sum = harmonicPower[f] + percussivePower[f];
            mask[f] = sum > NumericalGuards.PowerFloor ? harmonicPower[f] / sum : 0.5f;
        }
    }

    /// <summary>
    /// The harmonic Wiener estimate without spatial model: shat_H = x · s_H / (s_H + s_P), one mask shared by all
    /// channels (<see cref="WienerMask"/>).
    /// </summary>
    /// <param name="harmonicPower">s_H per bin.</param>
    /// <param name="percussivePower">s_P per bin.</param>
    /// <param name="mixture">x, 1 or 2 channels, as many bins.</param>
    /// <param name="mask">Receives the mask (scratch), as many bins.</param>
    /// <param name="harmonic">Receives shat_H, as many channels and bins as <paramref name="mixture"/>; may be the mixture itself.</param>
    /// <exception cref="ArgumentException">Lengths or channel counts differ.</exception>
    public static void MaskedWiener(
        ReadOnlySpan<float> harmonicPower, ReadOnlySpan<float> percussivePower, ComplexFrame mixture, Span<float> mask, ComplexFrame harmonic)
    {
        CheckFrames(mixture, harmonic, mask.Length);
        WienerMask(harmonicPower, percussivePower, mask);
        for (int c = 0; c < mixture.ChannelCount; c++)
        {
            TensorPrimitives.Multiply(mixture.Real(c), mask, harmonic.Real(c));
            TensorPrimitives.Multiply(mixture.Imag(c), mask, harmonic.Imag(c));
        }
    }

    /// <summary>
    /// destination = scale · sum over channels of |v_c|² per bin: the observation z = tr(C) / I of step 4c with
    /// scale = 1/I, or the initial power x^H x / (I J) with scale = 1/(I J).
    /// </summary>
    /// <param name="source">v, 1 or 2 channels.</param>
    /// <param name="scale">Factor applied after the sum.</param>
    /// <param name="destination">Receives the powers, as many bins as <paramref name="source"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void MeanPower(ComplexFrame source, float scale, Span<float> destination)
    {
        CheckLength(source.Length, destination.Length);
        destination.Clear();
        for (int c = 0; c < source.ChannelCount; c++)
        {
            TensorPrimitives.MultiplyAdd(source.Real(c), source.Real(c), destination, destination);
            TensorPrimitives.MultiplyAdd(source.Imag(c), source.Imag(c), destination, destination);
        }

        TensorPrimitives.Multiply(destination, scale, destination);
    }

    /// <summary>
    /// destination = scale · sum over channels of |x_c - h_c|² per bin: the percussive observation z_P = tr(C_P) / I
    /// with shat_P = x - shat_H and scale = 1/I.
    /// </summary>
    /// <param name="mixture">x, 1 or 2 channels.</param>
    /// <param name="estimate">shat_H, as many channels and bins.</param>
    /// <param name="scale">Factor applied after the sum.</param>
    /// <param name="scratch">Scratch, as many bins.</param>
    /// <param name="destination">Receives the powers, as many bins.</param>
    /// <exception cref="ArgumentException">Lengths or channel counts differ.</exception>
    public static void MeanResidualPower(ComplexFrame mixture, ComplexFrame estimate, float scale, Span<float> scratch, Span<float> destination)
    {
        CheckFrames(mixture, estimate, destination.Length);
        CheckLength(scratch.Length, destination.Length);
        destination.Clear();
        for (int c = 0; c < mixture.ChannelCount; c++)
        {
            TensorPrimitives.Subtract(mixture.Real(c), estimate.Real(c), scratch);
            TensorPrimitives.MultiplyAdd(scratch, scratch, destination, destination);
            TensorPrimitives.Subtract(mixture.Imag(c), estimate.Imag(c), scratch);
            TensorPrimitives.MultiplyAdd(scratch, scratch, destination, destination);
        }

        TensorPrimitives.Multiply(destination, scale, destination);
    }

    /// <summary>
    /// Output-filter weights for mask sharpness p: w_H = s_H^p / (s_H^p + s_P^p), w_P = s_P^p / (s_H^p + s_P^p), both 0
    /// where s_H + s_P is at or below the power floor (the Wiener filter then splits half and half). Computed from the
    /// ratio r = s_P / s_H as 1 / (1 + r^p) and r^p / (1 + r^p), so neither weight loses digits near 0 or 1.
    /// </summary>
    /// <param name="harmonicPower">s_H per bin.</param>
    /// <param name="percussivePower">s_P, as many bins.</param>
    /// <param name="sharpness">p, 0..8; 0 gives 0.5 and 0.5 everywhere.</param>
    /// <param name="harmonicWeight">Receives w_H, as many bins.</param>
    /// <param name="percussiveWeight">Receives w_P, as many bins.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void SharpenedWeights(
        ReadOnlySpan<float> harmonicPower, ReadOnlySpan<float> percussivePower, float sharpness, Span<float> harmonicWeight, Span<float> percussiveWeight)
    {
        int n = harmonicWeight.Length;
        if (percussiveWeight.Length != n || harmonicPower.Length != n || percussivePower.Length != n)
        {
            throw new ArgumentException("Powers and weights must have the same length.", nameof(harmonicWeight));
        }

        Span<float> ratio = percussiveWeight;    // scratch: r, then r^p, then w_P
        if (sharpness == 0)
        {
            ratio.Fill(1f);                      // r^0 = 1 even where r is 0 or infinite
        }
        else
        {
            TensorPrimitives.Divide(percussivePower, harmonicPower, ratio);
            TensorPrimitives.Log2(ratio, ratio);
            TensorPrimitives.Multiply(ratio, sharpness, ratio);
            TensorPrimitives.Exp2(ratio, ratio);
        }

        for (int f = 0; f < n; f++)
        {
            float sum = harmonicPower[f] + percussivePower[f];
            float t = MathF.Min(ratio[f], 1e30f);  // r = inf (s_H = 0) gives w_H = 1e-30, w_P = 1
            bool silent = !(sum > NumericalGuards.PowerFloor) || float.IsNaN(t);
            float wH = 1f / (1f + t);
            harmonicWeight[f] = silent ? 0f : wH;
            percussiveWeight[f] = silent ? 0f : t * wH;
        }
    }

    private static void CheckFrames(ComplexFrame a, ComplexFrame b, int bins)
    {
        if (a.ChannelCount is < 1 or > 2 || b.ChannelCount != a.ChannelCount || a.Length != bins || b.Length != bins)
        {
            throw new ArgumentException("Frames must have the same channels (1 or 2) and bins as the destination.");
        }
    }

    private static void CheckLength(int length, int expected)
    {
        if (length != expected)
        {
            throw new ArgumentException("Span lengths differ.");
        }
    }
}
