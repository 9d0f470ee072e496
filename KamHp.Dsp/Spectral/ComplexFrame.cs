namespace KamHp.Dsp.Spectral;

/// <summary>
/// One frame (or a bin range of one) of a 1- or 2-channel complex spectrum: real and imaginary parts per channel, one
/// value per bin. A view that owns nothing.
/// </summary>
public readonly ref struct ComplexFrame
{
    private readonly Span<float> _real0;
    private readonly Span<float> _imag0;
    private readonly Span<float> _real1;
    private readonly Span<float> _imag1;

    /// <summary>A one-channel frame.</summary>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public ComplexFrame(Span<float> real, Span<float> imag)
    {
        if (imag.Length != real.Length)
        {
            throw new ArgumentException("Real and imaginary parts must have the same length.", nameof(imag));
        }

        _real0 = real;
        _imag0 = imag;
        ChannelCount = 1;
    }

    /// <summary>A two-channel frame.</summary>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public ComplexFrame(Span<float> leftReal, Span<float> leftImag, Span<float> rightReal, Span<float> rightImag)
    {
        if (leftImag.Length != leftReal.Length || rightReal.Length != leftReal.Length || rightImag.Length != leftReal.Length)
        {
            throw new ArgumentException("All four spans must have the same length.", nameof(leftReal));
        }

        _real0 = leftReal;
        _imag0 = leftImag;
        _real1 = rightReal;
        _imag1 = rightImag;
        ChannelCount = 2;
    }

    /// <summary>Channels, 1 or 2 (0 for <c>default</c>).</summary>
    public int ChannelCount { get; }

    /// <summary>Bins.</summary>
    public int Length => _real0.Length;

    /// <summary>Real parts of channel <paramref name="channel"/>.</summary>
    public Span<float> Real(int channel) => channel == 0 ? _real0 : _real1;

    /// <summary>Imaginary parts of channel <paramref name="channel"/>.</summary>
    public Span<float> Imag(int channel) => channel == 0 ? _imag0 : _imag1;

    /// <summary>Bins [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of every channel (<c>default</c> stays <c>default</c>).</summary>
    public ComplexFrame Slice(int start, int count) => ChannelCount switch
    {
        2 => new ComplexFrame(_real0.Slice(start, count), _imag0.Slice(start, count), _real1.Slice(start, count), _imag1.Slice(start, count)),
        1 => new ComplexFrame(_real0.Slice(start, count), _imag0.Slice(start, count)),
        _ => default,
    };
}
