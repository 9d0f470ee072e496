namespace KamHp.Dsp.Spectral;

/// <summary>
/// The complex spectra of the last <see cref="FrameCapacity"/> frames, per channel, one padded row per frame (row of
/// frame t = t mod capacity): the mixture a stage or the output filter reads some frames after it was analysed.
/// </summary>
public sealed class SpectrumRing
{
    private readonly float[][] _real;
    private readonly float[][] _imag;

    /// <summary>Allocates a cleared ring.</summary>
    /// <param name="channelCount">Channels, 1 or more.</param>
    /// <param name="frameCapacity">Frames kept, 1 or more.</param>
    /// <param name="rowLength">Values per row (bins plus padding), 1 or more.</param>
    public SpectrumRing(int channelCount, int frameCapacity, int rowLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channelCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowLength);
        FrameCapacity = frameCapacity;
        RowLength = rowLength;
        _real = new float[channelCount][];
        _imag = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            _real[c] = ResidentArray.Allocate<float>(frameCapacity * rowLength);
            _imag[c] = ResidentArray.Allocate<float>(frameCapacity * rowLength);
        }
    }

    /// <summary>Frames kept.</summary>
    public int FrameCapacity { get; }

    /// <summary>Values per row.</summary>
    public int RowLength { get; }

    /// <summary>Real parts of frame <paramref name="frame"/> (0 or more), channel <paramref name="channel"/>, values [start, start + length).</summary>
    public Span<float> Real(int channel, long frame, int start, int length) => _real[channel].AsSpan(Offset(frame) + start, length);

    /// <summary>Imaginary parts of frame <paramref name="frame"/>, channel <paramref name="channel"/>, values [start, start + length).</summary>
    public Span<float> Imag(int channel, long frame, int start, int length) => _imag[channel].AsSpan(Offset(frame) + start, length);

    private int Offset(long frame) => (int)(frame % FrameCapacity) * RowLength;
}
