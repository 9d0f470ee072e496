namespace KamHp.Dsp;

/// <summary>
/// The audio of one block, planar: <see cref="ChannelCount"/> channels (0, 1 or 2) of <see cref="FrameCount"/> samples
/// each, as spans. A channel may also be empty (a host that passed no buffer for it; an output not wanted). A view that
/// owns nothing; <c>default</c> is the empty buffer (no channels). Real-time safe: no member allocates. Used for the
/// engine's input and outputs and for the plugin model's buses.
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
    /// <param name="right">Channel 1, as long as <paramref name="left"/>, or either of them empty.</param>
    /// <exception cref="ArgumentException">Both channels are non-empty and their lengths differ.</exception>
    public AudioBuffer(Span<float> left, Span<float> right)
    {
        if (left.Length != right.Length && !left.IsEmpty && !right.IsEmpty)
        {
            throw new ArgumentException("Both channels must have the same length (or one be empty).", nameof(right));
        }

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

    /// <summary>Samples per channel (the longer channel's; 0 for an empty buffer).</summary>
    public int FrameCount => Math.Max(_channel0.Length, _channel1.Length);

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

    /// <summary>The samples of channel <paramref name="channel"/>, or an empty span where the buffer has no such channel.</summary>
    public Span<float> ChannelOrEmpty(int channel) => channel switch
    {
        0 => _channel0,
        1 => _channel1,
        _ => default,
    };

    /// <summary>The same channels, samples [start, start + length) (empty channels stay empty).</summary>
    public AudioBuffer Slice(int start, int length) => ChannelCount switch
    {
        0 => default,
        1 => new AudioBuffer(Part(_channel0, start, length)),
        _ => new AudioBuffer(Part(_channel0, start, length), Part(_channel1, start, length)),
    };

    /// <summary>Sets every sample to zero.</summary>
    public void Clear()
    {
        _channel0.Clear();
        _channel1.Clear();
    }

    /// <summary>True when channels 0..channelCount-1 exist and each holds exactly <paramref name="frameCount"/> samples.</summary>
    public bool Covers(int channelCount, int frameCount)
    {
        for (int c = 0; c < channelCount; c++)
        {
            if (c >= ChannelCount || ChannelOrEmpty(c).Length != frameCount)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when each of channels 0..channelCount-1 (those that exist) holds <paramref name="frameCount"/> samples or none.</summary>
    public bool CoversOrOmits(int channelCount, int frameCount)
    {
        for (int c = 0; c < Math.Min(channelCount, ChannelCount); c++)
        {
            int length = ChannelOrEmpty(c).Length;
            if (length != frameCount && length != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static Span<float> Part(Span<float> channel, int start, int length) => channel.IsEmpty ? default : channel.Slice(start, length);
}
