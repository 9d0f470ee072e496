using KamHp.Dsp.Filters;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation;

/// <summary>
/// What the streaming stages share while they work on frames: the mixture spectra of recent frames, the harmonic
/// estimate of the frame being filtered, the current frame's z_P row (padded for the bin median), scratch rows, and
/// the settings in effect. One per engine; stages run one after another, so sharing the scratch is safe.
/// </summary>
internal sealed class FrameWorkspace
{
    /// <summary>Bins of mirrored padding on each side of the z_P row: half the largest percussive kernel.</summary>
    public const int PadBins = KernelSizes.MaxCount / 2;

    private readonly float[][] _harmonicReal;
    private readonly float[][] _harmonicImag;
    private readonly float[] _percussiveObservation;

    /// <summary>
    /// Allocates for <paramref name="channelCount"/> channels of frames of up to <paramref name="maxBinCount"/> bins
    /// (the largest method's), keeping <paramref name="frameCapacity"/> frames of spectra. The active bin count is the
    /// maximum until <see cref="SetBinCount"/>.
    /// </summary>
    public FrameWorkspace(int channelCount, int maxBinCount, int frameCapacity)
    {
        ChannelCount = channelCount;
        RowLength = (maxBinCount + 7) & ~7;
        SetBinCount(maxBinCount);
        Spectra = new SpectrumRing(channelCount, frameCapacity, RowLength);
        _harmonicReal = new float[channelCount][];
        _harmonicImag = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            _harmonicReal[c] = new float[RowLength];
            _harmonicImag[c] = new float[RowLength];
        }

        _percussiveObservation = new float[RowLength + (2 * PadBins) + 8];
        ZeroRow = new float[RowLength];
        Mask = new float[RowLength];
        WeightHarmonic = new float[RowLength];
        WeightPercussive = new float[RowLength];
        BinMedian = new SegmentedRunningMedian(maxBinCount);
    }

    /// <summary>Channels, 1 or 2.</summary>
    public int ChannelCount { get; }

    /// <summary>Bins per frame of the geometry in effect.</summary>
    public int BinCount { get; private set; }

    /// <summary>Bins in effect rounded up to whole 8-lane groups: the bins every stage works on.</summary>
    public int PaddedBins { get; private set; }

    /// <summary>The largest padded bin count: the row stride of every ring (fixed at construction).</summary>
    public int RowLength { get; }

    /// <summary>The bin chunks of one slice of work, for the bins in effect.</summary>
    public BinChunks Chunks { get; private set; }

    /// <summary>Mixture spectra of recent frames.</summary>
    public SpectrumRing Spectra { get; }

    /// <summary>A row of zeros: z_H of frames before the stream.</summary>
    public float[] ZeroRow { get; }

    /// <summary>Wiener mask scratch (non-spatial filters).</summary>
    public float[] Mask { get; }

    /// <summary>Scratch: sharpened harmonic weights, or differences x - shat_H.</summary>
    public float[] WeightHarmonic { get; }

    /// <summary>Scratch: sharpened percussive weights.</summary>
    public float[] WeightPercussive { get; }

    /// <summary>The bin median of the percussive kernel.</summary>
    public SegmentedRunningMedian BinMedian { get; }

    /// <summary>The layout in effect (kernels, look-ahead, iterations).</summary>
    public EngineLayout Layout { get; set; }

    /// <summary>Whether the spatial model runs (requested and stereo).</summary>
    public bool SpatialActive { get; set; }

    /// <summary>Forgetting factor of the running covariances per frame.</summary>
    public double Forgetting { get; set; }

    /// <summary>Mask sharpness p of the output filter.</summary>
    public float Sharpness { get; set; } = 1f;

    /// <summary>
    /// Sets the frame geometry's bin count (a method's frames; at a restart only, as every stage's history is for one
    /// geometry). Real-time safe.
    /// </summary>
    /// <param name="binCount">Bins per frame, 1..the maximum given to the constructor.</param>
    public void SetBinCount(int binCount)
    {
        BinCount = binCount;
        PaddedBins = (binCount + 7) & ~7;
        Chunks = new BinChunks(PaddedBins);
    }

    /// <summary>The padded z_P row: BinCount values at offset <see cref="PadBins"/>, room for mirrored edges around them.</summary>
    public float[] PercussiveObservationPadded => _percussiveObservation;

    /// <summary>Bins [start, start + length) of the current frame's z_P.</summary>
    public Span<float> PercussiveObservation(int start, int length) => _percussiveObservation.AsSpan(PadBins + start, length);

    /// <summary>Bins [start, start + length) of the harmonic estimate's real parts, channel <paramref name="channel"/>.</summary>
    public Span<float> HarmonicReal(int channel, int start, int length) => _harmonicReal[channel].AsSpan(start, length);

    /// <summary>Bins [start, start + length) of the harmonic estimate's imaginary parts, channel <paramref name="channel"/>.</summary>
    public Span<float> HarmonicImag(int channel, int start, int length) => _harmonicImag[channel].AsSpan(start, length);

    /// <summary>The stereo mixture of frame <paramref name="frame"/>, bins [start, start + length).</summary>
    public StereoRow Mixture(long frame, int start, int length) => new(
        Spectra.Real(0, frame, start, length), Spectra.Imag(0, frame, start, length),
        Spectra.Real(1, frame, start, length), Spectra.Imag(1, frame, start, length));

    /// <summary>The mixture of frame <paramref name="frame"/>, all channels, bins [start, start + length).</summary>
    public ComplexFrame MixtureFrame(long frame, int start, int length) => ChannelCount == 2
        ? new ComplexFrame(Spectra.Real(0, frame, start, length), Spectra.Imag(0, frame, start, length), Spectra.Real(1, frame, start, length), Spectra.Imag(1, frame, start, length))
        : new ComplexFrame(Spectra.Real(0, frame, start, length), Spectra.Imag(0, frame, start, length));

    /// <summary>The harmonic estimate, all channels, bins [start, start + length).</summary>
    public ComplexFrame HarmonicFrame(int start, int length) => ChannelCount == 2
        ? new ComplexFrame(HarmonicReal(0, start, length), HarmonicImag(0, start, length), HarmonicReal(1, start, length), HarmonicImag(1, start, length))
        : new ComplexFrame(HarmonicReal(0, start, length), HarmonicImag(0, start, length));

    /// <summary>The stereo harmonic estimate, bins [start, start + length).</summary>
    public StereoRow Harmonic(int start, int length) => new(
        HarmonicReal(0, start, length), HarmonicImag(0, start, length), HarmonicReal(1, start, length), HarmonicImag(1, start, length));
}
