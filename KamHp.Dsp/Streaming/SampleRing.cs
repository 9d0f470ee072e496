
namespace KamHp.Dsp.Streaming;

/// <summary>
/// A ring of samples addressed by absolute sample index (slot = index mod Length, Length a power of two): the input
/// history of the streaming STFT, its overlap-add output, and the dry signal's delay line. Indexing by the sample count,
/// never by block position, is what keeps the engine's output independent of how the host cuts its blocks.
/// </summary>
public sealed class SampleRing
{
    private readonly float[] _samples;

    /// <summary>Allocates a cleared ring of at least <paramref name="minimumLength"/> samples (rounded up to a power of two).</summary>
    /// <param name="minimumLength">Samples the ring must hold, 1..2^30.</param>
    public SampleRing(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumLength, 1 << 30);
        _samples = ResidentArray.Allocate<float>((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)minimumLength));
        Mask = _samples.Length - 1;
    }

    /// <summary>Samples the ring holds (a power of two).</summary>
    public int Length => _samples.Length;

    /// <summary>Length - 1: slot of sample index i is i &amp; Mask.</summary>
    internal int Mask { get; }

    /// <summary>The storage, for loops that read two rings per sample.</summary>
    internal float[] Samples => _samples;

    /// <summary>The sample at absolute index <paramref name="index"/> (0 or more).</summary>
    public float this[long index] => _samples[(int)(index & Mask)];

    /// <summary>
    /// Writes <paramref name="input"/> as samples [firstIndex, firstIndex + input.Length), flushing magnitudes below
    /// <paramref name="flushBelow"/> to zero. Real-time safe.
    /// </summary>
    /// <param name="input">At most <see cref="Length"/> samples.</param>
    /// <param name="firstIndex">Absolute index of the first sample, 0 or more.</param>
    /// <param name="flushBelow">Magnitude below which a sample is stored as zero (0: store all).</param>
    public void Write(ReadOnlySpan<float> input, long firstIndex, float flushBelow)
    {
        if (input.Length > _samples.Length)
        {
            throw new ArgumentException("Input longer than the ring.", nameof(input));
        }

        int slot = (int)(firstIndex & Mask);
        int first = Math.Min(input.Length, _samples.Length - slot);
        SampleKernels.FlushCopy(input[..first], flushBelow, _samples.AsSpan(slot, first));
        if (first < input.Length)
        {
            SampleKernels.FlushCopy(input[first..], flushBelow, _samples.AsSpan(0, input.Length - first));
        }
    }

    /// <summary>Copies samples [firstIndex, firstIndex + destination.Length) into <paramref name="destination"/>. Real-time safe.</summary>
    /// <param name="firstIndex">Absolute index of the first sample, 0 or more.</param>
    /// <param name="destination">At most <see cref="Length"/> samples.</param>
    public void Read(long firstIndex, Span<float> destination)
    {
        if (destination.Length > _samples.Length)
        {
            throw new ArgumentException("Destination longer than the ring.", nameof(destination));
        }

        int slot = (int)(firstIndex & Mask);
        int first = Math.Min(destination.Length, _samples.Length - slot);
        _samples.AsSpan(slot, first).CopyTo(destination);
        _samples.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    /// <summary>The longest contiguous run of storage starting at sample <paramref name="index"/>, at most <paramref name="count"/> samples.</summary>
    internal Span<float> Contiguous(long index, int count)
    {
        int slot = (int)(index & Mask);
        return _samples.AsSpan(slot, Math.Min(count, _samples.Length - slot));
    }

    /// <summary>Sets every sample to zero.</summary>
    public void Clear() => Array.Clear(_samples);
}
