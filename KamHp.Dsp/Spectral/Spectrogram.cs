namespace KamHp.Dsp.Spectral;

/// <summary>
/// A complex multichannel spectrogram stored planar: for each channel, one real and one imaginary array
/// laid out frame-major (<c>[frame * BinCount + bin]</c>), so a frame is a contiguous row.
/// </summary>
public sealed class Spectrogram
{
    /// <summary>Allocates a zeroed spectrogram.</summary>
    /// <param name="channelCount">Channels, 1 or more.</param>
    /// <param name="frameCount">Frames, 0 or more.</param>
    /// <param name="binCount">Bins per frame, 1 or more.</param>
    public Spectrogram(int channelCount, int frameCount, int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channelCount);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binCount);
        ChannelCount = channelCount;
        FrameCount = frameCount;
        BinCount = binCount;
        Real = new float[channelCount][];
        Imag = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            Real[c] = new float[frameCount * binCount];
            Imag[c] = new float[frameCount * binCount];
        }
    }

    /// <summary>Number of channels.</summary>
    public int ChannelCount { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>Bins per frame.</summary>
    public int BinCount { get; }

    /// <summary>Real parts per channel, frame-major.</summary>
    public float[][] Real { get; }

    /// <summary>Imaginary parts per channel, frame-major.</summary>
    public float[][] Imag { get; }
}
