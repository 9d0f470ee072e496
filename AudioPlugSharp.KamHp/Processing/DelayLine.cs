namespace AudioPlugSharp.KamHp.Processing;

/// <summary>A delay for one channel (the dry path of bypass), adjustable up to the capacity it was built with.</summary>
internal sealed class DelayLine
{
    private readonly float[] _buffer;
    private readonly int _maxDelaySamples;
    private int _delaySamples;
    private int _write;

    /// <summary>Allocates room for delays up to <paramref name="maxDelaySamples"/> and blocks up to <paramref name="maxBlockSize"/>.</summary>
    public DelayLine(int maxDelaySamples, int maxBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDelaySamples);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 1);
        _maxDelaySamples = maxDelaySamples;
        _buffer = new float[maxDelaySamples + maxBlockSize];
    }

    /// <summary>Largest delay this line can hold.</summary>
    public int MaxDelaySamples => _maxDelaySamples;

    /// <summary>Sets the delay (0..<see cref="MaxDelaySamples"/>) and clears the history. No allocation.</summary>
    public void Reset(int delaySamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delaySamples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delaySamples, _maxDelaySamples);
        _delaySamples = delaySamples;
        Array.Clear(_buffer);
        _write = 0;
    }

    /// <summary>Writes <paramref name="input"/> and reads the same number of samples delayed into <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        var n = input.Length;
        var capacity = _buffer.Length;
        var first = Math.Min(n, capacity - _write);
        input[..first].CopyTo(_buffer.AsSpan(_write));
        input[first..].CopyTo(_buffer);
        var read = _write - _delaySamples;
        if (read < 0)
        {
            read += capacity;
        }

        first = Math.Min(n, capacity - read);
        _buffer.AsSpan(read, first).CopyTo(output);
        _buffer.AsSpan(0, n - first).CopyTo(output[first..]);
        _write = (_write + n) % capacity;
    }
}
