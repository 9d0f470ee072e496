namespace AudioPlugSharp.KamHp.Processing;

/// <summary>A fixed delay for one channel: the dry path of bypass, aligned with the engine's latency.</summary>
internal sealed class DelayLine
{
    private readonly float[] _buffer;
    private readonly int _delaySamples;
    private int _write;

    /// <summary>Allocates room for <paramref name="delaySamples"/> plus one block of up to <paramref name="maxBlockSize"/>.</summary>
    public DelayLine(int delaySamples, int maxBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delaySamples);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 1);
        _delaySamples = delaySamples;
        _buffer = new float[delaySamples + maxBlockSize];
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

    /// <summary>Clears the history.</summary>
    public void Clear()
    {
        Array.Clear(_buffer);
        _write = 0;
    }
}
