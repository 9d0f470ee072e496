namespace KamHp.Dsp.Spatial;

/// <summary>One frame of a stereo STFT (or a source estimate): real and imaginary parts per channel, one value per bin. A view.</summary>
public readonly ref struct StereoRow
{
    /// <summary>Creates a view over four spans of equal length.</summary>
    public StereoRow(Span<float> leftReal, Span<float> leftImag, Span<float> rightReal, Span<float> rightImag)
    {
        if (leftImag.Length != leftReal.Length || rightReal.Length != leftReal.Length || rightImag.Length != leftReal.Length)
        {
            throw new ArgumentException("All four spans must have the same length.", nameof(leftReal));
        }

        LeftReal = leftReal;
        LeftImag = leftImag;
        RightReal = rightReal;
        RightImag = rightImag;
    }

    /// <summary>Left channel, real parts.</summary>
    public Span<float> LeftReal { get; }

    /// <summary>Left channel, imaginary parts.</summary>
    public Span<float> LeftImag { get; }

    /// <summary>Right channel, real parts.</summary>
    public Span<float> RightReal { get; }

    /// <summary>Right channel, imaginary parts.</summary>
    public Span<float> RightImag { get; }

    /// <summary>Bins [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>); a <c>default</c> row stays empty.</summary>
    public StereoRow Slice(int start, int count) => LeftReal.IsEmpty
        ? default
        : new StereoRow(LeftReal.Slice(start, count), LeftImag.Slice(start, count), RightReal.Slice(start, count), RightImag.Slice(start, count));
}
