using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KamHp.Dsp.Streaming;

/// <summary>Sample-level checks and copies of the streaming path (denormal flush, finiteness).</summary>
public static class SampleKernels
{
    /// <summary>Copies <paramref name="source"/>, writing 0 for every value whose magnitude is below <paramref name="threshold"/> (and for NaN).</summary>
    /// <param name="source">Samples.</param>
    /// <param name="threshold">Smallest magnitude kept, 0 or more.</param>
    /// <param name="destination">At least as long as <paramref name="source"/>; may be the source itself.</param>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public static void FlushCopy(ReadOnlySpan<float> source, float threshold, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("Destination shorter than the source.", nameof(destination));
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(threshold);
            ref float s = ref MemoryMarshal.GetReference(source);
            ref float d = ref MemoryMarshal.GetReference(destination);
            for (; i + 8 <= source.Length; i += 8)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref s, (nuint)i);
                (v & Vector256.GreaterThanOrEqual(Vector256.Abs(v), limit)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            float v = source[i];
            destination[i] = MathF.Abs(v) >= threshold ? v : 0f;
        }
    }

    /// <summary>True when every value is finite (no NaN, no infinity).</summary>
    /// <param name="values">Samples, any length.</param>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // v - v is 0 for finite v and NaN for NaN or infinity; NaN never equals itself.
            Vector256<float> bad = Vector256<float>.Zero;
            ref float s = ref MemoryMarshal.GetReference(values);
            for (; i + 8 <= values.Length; i += 8)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref s, (nuint)i);
                Vector256<float> diff = v - v;
                bad |= ~Vector256.Equals(diff, diff);
            }

            if (bad != Vector256<float>.Zero)
            {
                return false;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
