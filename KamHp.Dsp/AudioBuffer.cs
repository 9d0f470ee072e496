using System.Diagnostics;

namespace KamHp.Dsp;

/// <summary>
/// The audio of one block, planar: <see cref="ChannelCount"/> channels (0, 1 or 2) of <see cref="FrameCount"/> samples
/// each, as spans. A view that owns nothing; <c>default</c> is the empty buffer (no channels), which as an optional
/// output means "not wanted". Real-time safe: no member allocates.
/// </summary>
public readonly ref struct AudioBuffer
{
    /// <summary>Most channels a buffer holds.</summary>
    public const int MaxChannels = 2;

    private readonly Span<float> _channel0;
    private readonly Span<float> _channel1;

    /// <summary>A one-channel buffer over <paramref name="mono"/> (which may be empty: a block of 0 samples).</summary>
    public AudioBuffer(Span<float> mono)
    {
        _channel0 = mono;
        ChannelCount = 1;
    }

    /// <summary>A two-channel buffer.</summary>
    /// <param name="left">Channel 0.</param>
    /// <param name="right">Channel 1, as long as <paramref name="left"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public AudioBuffer(Span<float> left, Span<float> right)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException("Both channels must have the same length.", nameof(right));
        }

        _channel0 = left;
        _channel1 = right;
        ChannelCount = 2;
    }

    /// <summary>Two channels whose lengths may differ (one empty: that channel not wanted). For the positional Process only.</summary>
    internal AudioBuffer(Span<float> left, Span<float> right, bool lengthsMayDiffer)
    {
        Debug.Assert(lengthsMayDiffer || left.Length == right.Length);
        _channel0 = left;
        _channel1 = right;
        ChannelCount = 2;
    }

    /// <summary>A buffer over samples [start, start + length) of each of 1 or 2 arrays.</summary>
    /// <param name="channels">One array per channel (1 or 2), each at least start + length long.</param>
    /// <param name="start">First sample, 0 or more.</param>
    /// <param name="length">Samples, 0 or more.</param>
    /// <exception cref="ArgumentException">No channel or more than two.</exception>
    public AudioBuffer(float[][] channels, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Length is < 1 or > MaxChannels)
        {
            throw new ArgumentException("Expected 1 or 2 channels.", nameof(channels));
        }

        _channel0 = channels[0].AsSpan(start, length);
        _channel1 = channels.Length == 2 ? channels[1].AsSpan(start, length) : default;
        ChannelCount = channels.Length;
    }

    /// <summary>Channels: 0 (empty), 1 or 2.</summary>
    public int ChannelCount { get; }

    /// <summary>Samples per channel (0 for an empty buffer).</summary>
    public int FrameCount => _channel0.Length;

    /// <summary>True for a buffer without channels.</summary>
    public bool IsEmpty => ChannelCount == 0;

    /// <summary>The samples of channel <paramref name="channel"/>, 0..ChannelCount-1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such channel.</exception>
    public Span<float> this[int channel] => channel switch
    {
        0 when ChannelCount >= 1 => _channel0,
        1 when ChannelCount == 2 => _channel1,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "No such channel."),
    };

    /// <summary>The same channels, samples [start, start + length).</summary>
    public AudioBuffer Slice(int start, int length) => ChannelCount switch
    {
        0 => default,
        1 => new AudioBuffer(_channel0.Slice(start, length)),
        _ => new AudioBuffer(_channel0.Slice(start, length), _channel1.Slice(start, length)),
    };

    /// <summary>Sets every sample to zero.</summary>
    public void Clear()
    {
        _channel0.Clear();
        _channel1.Clear();
    }

    /// <summary>True when the buffer is empty or has <paramref name="channelCount"/> channels of <paramref name="frameCount"/> samples.</summary>
    public bool IsEmptyOr(int channelCount, int frameCount) => IsEmpty || Has(channelCount, frameCount);

    /// <summary>True when the buffer has <paramref name="channelCount"/> channels of <paramref name="frameCount"/> samples.</summary>
    public bool Has(int channelCount, int frameCount) => ChannelCount == channelCount && FrameCount == frameCount;
}
