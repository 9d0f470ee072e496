using System.Numerics.Tensors;
using KamHp.Dsp.Filters;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// One iteration of Algorithm 1 (FitzGerald et al. 2014) over the frames of an excerpt in increasing order, keeping
/// only the rows its kernels still need: the Wiener estimate shat_H of the current frame (step 3, eq. 7), the
/// observations z_j (step 4c), the percussive median of the frame (step 4d) into a ring of s_P rows, and the harmonic
/// median over the last K rows of z_H (a sliding sorted window), which gives s_H of frame v - K/2 when z_H of frame v
/// enters. Frames outside the excerpt are rows of zeros, as in <see cref="SpectralMedians.HarmonicAllFrames"/>.
/// </summary>
internal sealed class OfflineStage
{
    private readonly int _bins;
    private readonly int _lanes;
    private readonly int _kernel;
    private readonly int _percussiveRows;
    private readonly float[] _observations;      // z_H, (K + 1) rows of _lanes values (lanes past the bins stay zero)
    private readonly float[] _percussivePowers;  // s_P, (K/2 + 1) rows of _bins values
    private readonly float[] _harmonicPower;     // s_H of frame v - K/2 after Slide(v), _lanes values
    private readonly float[] _zeroRow;
    private readonly float[] _percussiveObservations;   // z_P, 2·K/2 rows: a block of K/2 frames, and a worker may be a block ahead
    private readonly float[] _mask;
    private readonly float[] _scratch;
    private readonly float[][] _real;            // shat_H per channel
    private readonly float[][] _imag;
    private readonly SortedLaneWindow _window;
    private readonly PercussiveRowMedian[] _medians;  // one per worker (each owns its scratch)

    /// <summary>Allocates the rows for <paramref name="settings"/>' kernels, <paramref name="binCount"/> bins and <paramref name="workerCount"/> workers.</summary>
    public OfflineStage(KamSettings settings, int binCount, int channelCount, int workerCount)
    {
        _bins = binCount;
        _medians = new PercussiveRowMedian[workerCount];
        for (int w = 0; w < workerCount; w++)
        {
            _medians[w] = new PercussiveRowMedian(settings.PercussiveKernelBins, binCount);
        }

        _lanes = SpectralMedians.LanesFor(binCount);
        _kernel = settings.HarmonicKernelFrames;
        HalfKernel = _kernel / 2;
        _percussiveRows = HalfKernel + 1;
        _observations = new float[(_kernel + 1) * _lanes];
        _percussivePowers = new float[_percussiveRows * _bins];
        _harmonicPower = new float[_lanes];
        _zeroRow = new float[_lanes];
        _percussiveObservations = new float[2 * HalfKernel * _bins];
        _mask = new float[_bins];
        _scratch = new float[_bins];
        _window = new SortedLaneWindow(_lanes, _kernel);
        _real = new float[channelCount][];
        _imag = new float[_real.Length][];
        for (int c = 0; c < _real.Length; c++)
        {
            _real[c] = new float[_bins];
            _imag[c] = new float[_bins];
        }

        ChannelCount = channelCount;
    }

    /// <summary>K/2: the harmonic median of frame v is known once z_H of frame v + K/2 has entered.</summary>
    public int HalfKernel { get; }

    /// <summary>Channels, 1 or 2.</summary>
    public int ChannelCount { get; }

    /// <summary>shat_H of the last filtered frame.</summary>
    public ComplexFrame Harmonic => ChannelCount == 2
        ? new ComplexFrame(_real[0], _imag[0], _real[1], _imag[1])
        : new ComplexFrame(_real[0], _imag[0]);

    /// <summary>shat_H of the last filtered (stereo) frame as a <see cref="StereoRow"/>.</summary>
    public StereoRow HarmonicStereo => new(_real[0], _imag[0], _real[1], _imag[1]);

    /// <summary>s_H of frame v - K/2 after <see cref="Slide"/>(v).</summary>
    public ReadOnlySpan<float> HarmonicPower => _harmonicPower.AsSpan(0, _bins);

    /// <summary>s_P of frame <paramref name="frame"/>, one of the last K/2 + 1 observed.</summary>
    public ReadOnlySpan<float> PercussivePower(int frame) => _percussivePowers.AsSpan(frame % _percussiveRows * _bins, _bins);

    /// <summary>Before a pass: an empty history (the harmonic window holds K frames of silence).</summary>
    public void Start()
    {
        _window.Clear();
        Array.Clear(_observations);
    }

    /// <summary>
    /// Step 3 (eq. 7) for the bins of <paramref name="range"/> of one frame: shat_H from s_H, s_P (whole rows) and, with
    /// <paramref name="covariances"/>, the spatial Wiener gain; without, the scalar mask s_H / (s_H + s_P) shared by the channels.
    /// </summary>
    public void Filter(ComplexFrame x, StereoRow xStereo, ReadOnlySpan<float> sH, ReadOnlySpan<float> sP, ExcerptCovariances? covariances, BinRange range)
    {
        (int start, int count) = (range.Start, range.Count);
        if (covariances is null)
        {
            FrameKernels.MaskedWiener(
                sH.Slice(start, count), sP.Slice(start, count), x.Slice(start, count), _mask.AsSpan(start, count), Harmonic.Slice(start, count));
            return;
        }

        SpatialKernels.WienerHarmonic(
            sH.Slice(start, count), sP.Slice(start, count), covariances.Harmonic.Row().Slice(start, count),
            covariances.Percussive.Row().Slice(start, count), xStereo.Slice(start, count),
            NumericalGuards.Regularization, NumericalGuards.PowerFloor, HarmonicStereo.Slice(start, count));
    }

    /// <summary>
    /// Step 3 of the first iteration for the bins of <paramref name="range"/>: shat_H = x/2, the Wiener gain of equal
    /// powers and identity covariances (what <see cref="Filter"/> gives then, bit for bit, where the power is finite).
    /// </summary>
    public void FilterHalf(ComplexFrame x, BinRange range)
    {
        (int start, int count) = (range.Start, range.Count);
        ComplexFrame harmonic = Harmonic;
        for (int c = 0; c < x.ChannelCount; c++)
        {
            TensorPrimitives.Multiply(x.Real(c).Slice(start, count), 0.5f, harmonic.Real(c).Slice(start, count));
            TensorPrimitives.Multiply(x.Imag(c).Slice(start, count), 0.5f, harmonic.Imag(c).Slice(start, count));
        }
    }

    /// <summary>
    /// Step 4c for the bins of <paramref name="range"/> of frame <paramref name="frame"/> after <see cref="Filter"/>: z_H
    /// into the window's ring and z_P into its row. With <paramref name="covariances"/> z_j = shat_j^H R_j^-1 shat_j / I,
    /// else |shat_j|^2 / I. The percussive median (step 4d) needs the whole z_P row: <see cref="PercussiveMedian"/>.
    /// </summary>
    public void Observe(ComplexFrame x, StereoRow xStereo, int frame, ExcerptCovariances? covariances, BinRange range)
    {
        (int start, int count) = (range.Start, range.Count);
        Span<float> zH = ObservationRow(frame).Slice(start, count);
        Span<float> zP = PercussiveObservation(frame).Slice(start, count);
        if (covariances is null)
        {
            float scale = 1f / ChannelCount;
            ComplexFrame harmonic = Harmonic.Slice(start, count);
            FrameKernels.MeanPower(harmonic, scale, zH);
            FrameKernels.MeanResidualPower(x.Slice(start, count), harmonic, scale, _scratch.AsSpan(start, count), zP);
        }
        else
        {
            StereoRow harmonic = HarmonicStereo.Slice(start, count), mixture = xStereo.Slice(start, count);
            if (covariances.PercussiveEqualsHarmonic && SpatialKernels.ResidualEqualsEstimate(harmonic, mixture))
            {
                // The first iteration's estimates: same vectors, same covariance, so z_P is z_H bit for bit.
                SpatialKernels.WhitenedPower(covariances.InverseHarmonic.Row().Slice(start, count), harmonic, zH);
                zH.CopyTo(zP);
                return;
            }

            SpatialKernels.WhitenedPowerPair(
                covariances.InverseHarmonic.Row().Slice(start, count), covariances.InversePercussive.Row().Slice(start, count), harmonic, mixture, zH, zP);
        }
    }

    /// <summary>
    /// Step 4d for the bins of <paramref name="range"/>: s_P of frame <paramref name="frame"/> from its whole z_P row
    /// (every worker has observed it). At most K/2 frames may be observed before their medians, and a worker may observe
    /// K/2 more meanwhile (the rows of z_P are a ring of K frames).
    /// </summary>
    public void PercussiveMedian(int frame, int worker, BinRange range) =>
        _medians[worker].Compute(
            PercussiveObservation(frame), range.Start, range.Count,
            _percussivePowers.AsSpan((frame % _percussiveRows * _bins) + range.Start, range.Count));

    /// <summary>
    /// Slides the harmonic window's lanes of <paramref name="range"/> to frames [v - K + 1, v]: z_H of frame v enters (a
    /// zero row when <paramref name="frame"/> is at or past <paramref name="frameCount"/>), frame v - K leaves; s_H of
    /// v - K/2 results.
    /// </summary>
    public void Slide(int frame, int frameCount, BinRange range)
    {
        ReadOnlySpan<float> entering = frame < frameCount ? ObservationRow(frame) : _zeroRow;
        int old = frame - _kernel;
        ReadOnlySpan<float> leaving = old >= 0 && old < frameCount ? ObservationRow(old) : _zeroRow;
        _window.Slide(leaving, entering, _kernel, range.Start, range.LaneCount, _harmonicPower.AsSpan(range.Start));
    }

    private Span<float> ObservationRow(int frame) => _observations.AsSpan(frame % (_kernel + 1) * _lanes, _lanes);

    private Span<float> PercussiveObservation(int frame) => _percussiveObservations.AsSpan(frame % (2 * HalfKernel) * _bins, _bins);
}
