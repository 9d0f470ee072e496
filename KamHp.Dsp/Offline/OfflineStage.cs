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
    private readonly float[] _percussiveObservation;
    private readonly float[] _mask;
    private readonly float[] _scratch;
    private readonly float[][] _real;            // shat_H, then (rows 2, 3) shat_P = x - shat_H for the covariances
    private readonly float[][] _imag;
    private readonly SortedLaneWindow _window;
    private readonly SpectralMedians _medians;

    /// <summary>Allocates the rows for <paramref name="settings"/>' kernels and <paramref name="binCount"/> bins.</summary>
    public OfflineStage(KamSettings settings, int binCount, int channelCount)
    {
        _bins = binCount;
        _medians = new SpectralMedians(settings.HarmonicKernelFrames, settings.PercussiveKernelBins, binCount);
        _lanes = _medians.LaneCount;
        _kernel = settings.HarmonicKernelFrames;
        HalfKernel = _kernel / 2;
        _percussiveRows = HalfKernel + 1;
        _observations = new float[(_kernel + 1) * _lanes];
        _percussivePowers = new float[_percussiveRows * _bins];
        _harmonicPower = new float[_lanes];
        _zeroRow = new float[_lanes];
        _percussiveObservation = new float[_bins];
        _mask = new float[_bins];
        _scratch = new float[_bins];
        _window = new SortedLaneWindow(_lanes, _kernel);
        _real = new float[channelCount == 2 ? 4 : 1][];
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
    /// Step 3 (eq. 7) for one frame: shat_H from s_H, s_P and, with <paramref name="covariances"/>, the spatial Wiener
    /// gain; without, the scalar mask s_H / (s_H + s_P) shared by the channels.
    /// </summary>
    public void Filter(ComplexFrame x, StereoRow xStereo, ReadOnlySpan<float> sH, ReadOnlySpan<float> sP, ExcerptCovariances? covariances)
    {
        if (covariances is null)
        {
            FrameKernels.MaskedWiener(sH, sP, x, _mask, Harmonic);
            return;
        }

        SpatialKernels.WienerHarmonic(
            sH, sP, covariances.Harmonic.Row(), covariances.Percussive.Row(), xStereo,
            NumericalGuards.Regularization, NumericalGuards.PowerFloor, HarmonicStereo);
    }

    /// <summary>shat_P = x - shat_H of the last filtered stereo frame.</summary>
    public StereoRow Percussive(StereoRow x)
    {
        TensorPrimitives.Subtract(x.LeftReal, _real[0], _real[2]);
        TensorPrimitives.Subtract(x.LeftImag, _imag[0], _imag[2]);
        TensorPrimitives.Subtract(x.RightReal, _real[1], _real[3]);
        TensorPrimitives.Subtract(x.RightImag, _imag[1], _imag[3]);
        return new StereoRow(_real[2], _imag[2], _real[3], _imag[3]);
    }

    /// <summary>
    /// Steps 4c-4d for frame <paramref name="frame"/> after <see cref="Filter"/>: z_H into the window's ring, z_P and its
    /// median over bins into s_P. With <paramref name="covariances"/> z_j = shat_j^H R_j^-1 shat_j / I, else |shat_j|^2 / I.
    /// </summary>
    public void Observe(ComplexFrame x, StereoRow xStereo, int frame, ExcerptCovariances? covariances)
    {
        Span<float> zH = ObservationRow(frame)[.._bins];
        if (covariances is null)
        {
            float scale = 1f / ChannelCount;
            FrameKernels.MeanPower(Harmonic, scale, zH);
            FrameKernels.MeanResidualPower(x, Harmonic, scale, _scratch, _percussiveObservation);
        }
        else
        {
            SpatialKernels.WhitenedPower(covariances.InverseHarmonic.Row(), HarmonicStereo, zH);
            SpatialKernels.WhitenedPower(covariances.InversePercussive.Row(), Percussive(xStereo), _percussiveObservation);
        }

        _medians.PercussiveFrame(_percussiveObservation, _percussivePowers.AsSpan(frame % _percussiveRows * _bins, _bins));
    }

    /// <summary>
    /// Slides the harmonic window to frames [v - K + 1, v]: z_H of frame v enters (a zero row when
    /// <paramref name="frame"/> is at or past <paramref name="frameCount"/>), frame v - K leaves; s_H of v - K/2 results.
    /// </summary>
    public void Slide(int frame, int frameCount)
    {
        ReadOnlySpan<float> entering = frame < frameCount ? ObservationRow(frame) : _zeroRow;
        int old = frame - _kernel;
        ReadOnlySpan<float> leaving = old >= 0 && old < frameCount ? ObservationRow(old) : _zeroRow;
        _window.Slide(leaving, entering, _kernel, 0, _lanes, _harmonicPower);
    }

    private Span<float> ObservationRow(int frame) => _observations.AsSpan(frame % (_kernel + 1) * _lanes, _lanes);
}
