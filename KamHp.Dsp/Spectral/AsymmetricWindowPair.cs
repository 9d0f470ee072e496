namespace KamHp.Dsp.Spectral;

/// <summary>
/// A low-delay analysis/synthesis window pair: a long analysis window with a short right-hand taper, and a synthesis
/// window that is non-zero only on the frame's last <see cref="OutputSize"/> samples (Mauler and Martin, "A low delay,
/// variable resolution, perfect reconstruction spectral analysis-synthesis system for speech enhancement", EUSIPCO
/// 2007). The FFT sees <see cref="FrameSize"/> samples, so frequency resolution stays near that of a symmetric window
/// of that length, while the overlap-added output of a frame is final <see cref="OutputSize"/> - 1 samples after the
/// frame's last input sample: the STFT's latency is that of the short part only (OutputSize - 2 samples).
/// </summary>
/// <remarks>
/// <para>Design, with N = FrameSize, M = OutputSize and h_M the periodic Hann window of length M:</para>
/// <list type="bullet">
/// <item>analysis w_a: rising half of a Hann window of length 2(N - M/2), raised to <c>riseExponent</c>, on
/// [0, N - M/2); then the falling half of sqrt(h_M) on [N - M/2, N). Both parts are 1 where they meet, the window's
/// peak, which lies at the middle of the synthesis support.</item>
/// <item>product: w_a·w_s = (2·Hop/M)·h_M on the last M samples and 0 before. Shifted by multiples of Hop these
/// products add up to exactly 1 (a periodic Hann window of length M overlaps to M / (2·Hop) at any hop dividing M
/// at least twice), which is the condition for windowed overlap-add to invert windowed analysis.</item>
/// <item>synthesis w_s = product / w_a on the last M samples, 0 before. On the taper this is (2·Hop/M)·sqrt(h_M), a
/// smooth fade to zero at both ends of the synthesis support, so a mask that changes from frame to frame never
/// produces a step in the output.</item>
/// </list>
/// <para>With M = N and an exponent of 1/2 the pair is the classic square-root Hann pair. The windows are computed
/// in double precision and stored as float. Allocates in the constructor only.</para>
/// </remarks>
public sealed class AsymmetricWindowPair
{
    private readonly float[] _analysis;
    private readonly float[] _synthesis;

    /// <summary>Designs the pair.</summary>
    /// <param name="frameSize">Analysis (FFT) length N in samples, even, 4 or more.</param>
    /// <param name="outputSize">Synthesis support M in samples: even, 2·Hop..N, a multiple of <paramref name="hopSize"/>.</param>
    /// <param name="hopSize">Hop in samples, 1 or more.</param>
    /// <param name="riseExponent">Exponent of the long rising Hann half, 0.25..2 (1/2: a sine rise; 1: a Hann rise with lower side lobes).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the exponent is out of range.</exception>
    public AsymmetricWindowPair(int frameSize, int outputSize, int hopSize, double riseExponent = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, 4);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSize);
        if (frameSize % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameSize), frameSize, "Frame size must be even.");
        }

        if (outputSize % 2 != 0 || outputSize > frameSize || outputSize < 2 * hopSize || outputSize % hopSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "Output size must be even, a multiple of the hop, 2·hop..frame size.");
        }

        if (!double.IsFinite(riseExponent) || riseExponent < 0.25 || riseExponent > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(riseExponent), riseExponent, "Rise exponent must be 0.25..2.");
        }

        FrameSize = frameSize;
        OutputSize = outputSize;
        HopSize = hopSize;
        RiseExponent = riseExponent;
        _analysis = new float[frameSize];
        _synthesis = new float[frameSize];

        int taperStart = frameSize - (outputSize / 2);
        int outputStart = frameSize - outputSize;
        double productScale = 2.0 * hopSize / outputSize;
        for (int i = 0; i < frameSize; i++)
        {
            double analysis = i < taperStart
                ? Math.Pow(Hann(i, 2 * taperStart), riseExponent)
                : Math.Sqrt(Hann(i - outputStart, outputSize));
            _analysis[i] = (float)analysis;
            if (i >= outputStart && analysis > 0)
            {
                _synthesis[i] = (float)(productScale * Hann(i - outputStart, outputSize) / analysis);
            }
        }
    }

    /// <summary>Analysis (FFT) length N in samples.</summary>
    public int FrameSize { get; }

    /// <summary>Samples at the end of a frame that the synthesis window covers (M).</summary>
    public int OutputSize { get; }

    /// <summary>Hop between frames in samples.</summary>
    public int HopSize { get; }

    /// <summary>Exponent of the analysis window's long rise.</summary>
    public double RiseExponent { get; }

    /// <summary>
    /// Index of the first non-zero synthesis sample within a frame: FrameSize - OutputSize + 1 (the periodic Hann
    /// product is zero at its first sample).
    /// </summary>
    public int SynthesisStart => FrameSize - OutputSize + 1;

    /// <summary>
    /// Latency of analysis followed by overlap-add, in samples: OutputSize - 2. A frame ending at sample e touches the
    /// output from sample e - OutputSize + 2 on (its synthesis support is OutputSize - 1 samples), so once it has been
    /// overlap-added, sample e - OutputSize + 2 is final; with frames every hop, every sample is final this long after it arrived.
    /// </summary>
    public int LatencySamples => OutputSize - 2;

    /// <summary>The analysis window, <see cref="FrameSize"/> samples.</summary>
    public ReadOnlySpan<float> Analysis => _analysis;

    /// <summary>The synthesis window, <see cref="FrameSize"/> samples, zero before <see cref="SynthesisStart"/>.</summary>
    public ReadOnlySpan<float> Synthesis => _synthesis;

    private static double Hann(int index, int length) => 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * index / length));
}
