using System.Numerics.Tensors;
using KamHp.Dsp.Filters;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation;

/// <summary>
/// One backfitting iteration of the streaming KAM separator (FitzGerald et al. 2014, Algorithm 1, one pass of steps
/// 3-4): from the previous stage's source powers and covariances it filters its frame (eq. 7), updates its running
/// covariances R_j (step 4b, streaming form, <see cref="RunningCovariance"/>), forms the observations z_j (step 4c),
/// and applies the kernels (step 4d): the percussive median over the bins of its frame, and the harmonic median over a
/// sliding window of frames [w - Past, w + Ahead] kept sorted per bin (<see cref="SortedLaneWindow"/>).
/// </summary>
/// <remarks>
/// Stage n works on frame v = u - (n-1)·Ahead when frame u is the newest analysed one, and its harmonic median is that
/// of frame v - Ahead. It keeps its own rings: z_H of recent frames (the median's window) and s_P of recent frames (read
/// Ahead frames later, when s_H of the same frame is ready). A stage added while running (Live mode, where iterations
/// cost no latency) starts from the window and covariances of the stage before it ("borrowed" rows) so that its median
/// window is never empty.
/// </remarks>
internal sealed class Stage
{
    /// <summary>Rows of the z_H ring: at least the largest window (63 frames), a power of two for the slot mask.</summary>
    public const int HarmonicRingRows = 64;

    /// <summary>Rows of the s_P ring: at least the largest look-ahead + 1 (31 + 1).</summary>
    public const int PercussiveRingRows = 32;

    private readonly int _rowLength;
    private readonly float[] _observations;       // z_H, HarmonicRingRows rows
    private readonly float[] _percussivePowers;   // s_P, PercussiveRingRows rows
    private readonly float[] _harmonicPower;      // s_H of the frame the next stage (or the output filter) consumes
    private readonly SortedLaneWindow _window;
    private readonly int[] _windowSize = new int[BinChunks.Count];   // rows the sorted window holds, per chunk
    private readonly bool[] _windowStale = new bool[BinChunks.Count]; // per chunk: to be cleared (after a restart)
    private long _start;                          // first frame this stage processed itself
    private Stage? _borrow;                       // whose ring stands in for frames before _start
    private long _covarianceInitFrame;
    private Stage? _covarianceSource;             // null: identity

    /// <summary>Allocates stage <paramref name="number"/> for rows of <paramref name="rowLength"/> (padded) bins.</summary>
    public Stage(int number, int rowLength)
    {
        Number = number;
        _rowLength = rowLength;
        _observations = ResidentArray.Allocate<float>(HarmonicRingRows * rowLength);
        _percussivePowers = ResidentArray.Allocate<float>(PercussiveRingRows * rowLength);
        _harmonicPower = new float[rowLength];
        _window = new SortedLaneWindow(rowLength, KernelSizes.MaxCount);
        HarmonicCovariance = new RunningCovariance(rowLength);

        // Stage 1 filters with s_H = s_P and R_H = R_P = I, so shat_H = shat_P: one covariance serves both sources.
        PercussiveCovariance = number == 1 ? HarmonicCovariance : new RunningCovariance(rowLength);
        Reset();
    }

    /// <summary>The iteration this stage is, 1-based.</summary>
    public int Number { get; }

    /// <summary>R_H of this stage.</summary>
    public RunningCovariance HarmonicCovariance { get; }

    /// <summary>R_P of this stage (the same object as R_H for stage 1).</summary>
    public RunningCovariance PercussiveCovariance { get; }

    /// <summary>s_H of the last frame whose harmonic median ran, bins [start, start + length).</summary>
    public Span<float> HarmonicPower(int start, int length) => _harmonicPower.AsSpan(start, length);

    /// <summary>s_P of frame <paramref name="frame"/> (within the last <see cref="PercussiveRingRows"/>), the whole padded row.</summary>
    public Span<float> PercussivePower(long frame) =>
        _percussivePowers.AsSpan((int)(frame & (PercussiveRingRows - 1)) * _rowLength, _rowLength);

    /// <summary>Back to the state after construction: no history, identity covariances at frame 0. Real-time safe.</summary>
    public void Reset()
    {
        _start = 0;
        _borrow = null;
        _covarianceInitFrame = 0;
        _covarianceSource = null;
        Array.Fill(_windowStale, true);
    }

    /// <summary>
    /// Starts this stage at frame <paramref name="newestFrame"/> from <paramref name="previous"/>'s rings and
    /// covariances (a stage added with no look-ahead, so that its window is full at once).
    /// </summary>
    public void StartFrom(Stage previous, long newestFrame, int lookAheadFrames)
    {
        _start = newestFrame;
        _borrow = previous;
        _covarianceInitFrame = Math.Max(0, newestFrame - ((Number - 1) * lookAheadFrames));
        _covarianceSource = previous;
    }

    /// <summary>Restarts the covariances from identity at this stage's frame for <paramref name="newestFrame"/> (spatial model turned on).</summary>
    public void RestartCovariances(long newestFrame, int lookAheadFrames)
    {
        _covarianceInitFrame = Math.Max(0, newestFrame - ((Number - 1) * lookAheadFrames));
        _covarianceSource = null;
    }

    /// <summary>
    /// Eq. 7 for frame <paramref name="frame"/> with <paramref name="previous"/>'s powers and covariances (or the
    /// initial s_H = s_P, R_j = I for stage 1), then the covariance update and z_H, z_P, bins [start, start + length).
    /// </summary>
    public void Observe(Stage? previous, long frame, int start, int length, FrameWorkspace w)
    {
        Span<float> zH = OwnRow(frame).Slice(start, length);
        Span<float> zP = w.PercussiveObservation(start, length);
        if (w.SpatialActive)
        {
            ObserveSpatial(previous, frame, start, length, w, zH, zP);
            return;
        }

        // No spatial model: the offline separator's kernels (FrameKernels), in its order.
        ComplexFrame x = w.MixtureFrame(frame, start, length), h = w.HarmonicFrame(start, length);
        float scale = 1f / w.ChannelCount;
        if (previous is null)
        {
            // s_H = s_P initially, so the mask is exactly 1/2 (as the offline WienerMask gives): h = x/2, and
            // x - x/2 == x/2 exactly, so z_P == z_H bit for bit.
            for (int c = 0; c < x.ChannelCount; c++)
            {
                TensorPrimitives.Multiply(x.Real(c), 0.5f, h.Real(c));
                TensorPrimitives.Multiply(x.Imag(c), 0.5f, h.Imag(c));
            }

            FrameKernels.MeanPower(h, scale, zH);
            zH.CopyTo(zP);
            return;
        }

        FrameKernels.MaskedWiener(
            previous.HarmonicPower(start, length), previous.PercussivePower(frame).Slice(start, length), x, w.Mask.AsSpan(start, length), h);
        FrameKernels.MeanPower(h, scale, zH);
        FrameKernels.MeanResidualPower(x, h, scale, w.WeightHarmonic.AsSpan(start, length), zP);
    }

    private void ObserveSpatial(Stage? previous, long frame, int start, int length, FrameWorkspace w, Span<float> zH, Span<float> zP)
    {
        if (frame == _covarianceInitFrame)
        {
            InitializeCovariances(start, length);
        }

        StereoRow x = w.Mixture(frame, start, length);
        if (previous is null)
        {
            StageKernels.SpatialFirstStage(x, HarmonicCovariance.Row(start, length), w.Forgetting, zH);
            zH.CopyTo(zP);
        }
        else
        {
            StageKernels.SpatialStage(
                previous.HarmonicPower(start, length), previous.PercussivePower(frame).Slice(start, length),
                previous.HarmonicCovariance.Row(start, length), previous.PercussiveCovariance.Row(start, length), x,
                HarmonicCovariance.Row(start, length), PercussiveCovariance.Row(start, length), w.Forgetting, zH, zP);
        }
    }

    /// <summary>Percussive median over the bins of frame <paramref name="frame"/>'s z_P (mirrored at DC and Nyquist), into the s_P ring.</summary>
    public void PercussiveMedian(long frame, FrameWorkspace w)
    {
        int kernel = w.Layout.PercussiveKernelBins;
        int half = kernel / 2;
        float[] padded = w.PercussiveObservationPadded;
        int bins = w.BinCount;
        const int pad = FrameWorkspace.PadBins;
        for (int i = 0; i < half; i++)
        {
            padded[pad - 1 - i] = padded[pad + i];
            padded[pad + bins + i] = padded[pad + bins - 1 - i];
        }

        w.BinMedian.Compute(padded.AsSpan(pad - half, bins + kernel - 1), kernel, PercussivePower(frame)[..bins]);
    }

    /// <summary>
    /// Harmonic median for frame w = v - Ahead over the ring rows [w - Past, w + Ahead], which are the last
    /// W = Past + Ahead + 1 rows [v - W + 1, v], bins of chunk <paramref name="chunk"/>: the sorted window slides by one
    /// row per frame. After a kernel change the window grows or shrinks by up to two rows per frame towards the new
    /// size (a gradual change).
    /// </summary>
    public void HarmonicMedian(long frame, int chunk, FrameWorkspace w)
    {
        (int start, int length) = w.Chunks[chunk];
        int kernel = w.Layout.HarmonicWindowFrames;
        ref int size = ref _windowSize[chunk];
        ReadOnlySpan<float> leaving;
        if (_windowStale[chunk])
        {
            // After a restart: the rows before the stream are zeros, and a window of zeros is valid at any size.
            _window.Clear(start, length);
            _windowStale[chunk] = false;
            size = kernel;
        }

        if (frame == _start && _borrow is not null)
        {
            // A stage added just now: start from the window of the stage it borrows rows from (which already holds
            // that stage's row v) and swap that row for this stage's own.
            size = _borrow._windowSize[chunk];
            _window.CopyFrom(_borrow._window, size, start, length);
            leaving = _borrow.Row(frame, w);
        }
        else
        {
            for (int step = 0; step < 2 && size < kernel; step++)
            {
                _window.Insert(Row(frame - 1 - size, w), size, start, length);
                size++;
            }

            for (int step = 0; step < 2 && size > kernel; step++)
            {
                _window.Remove(Row(frame - size, w), size, start, length);
                size--;
            }

            leaving = Row(frame - size, w);
        }

        // The median of frame w = v - Ahead; before the stream's first frame (w < 0) it is never read.
        _window.Slide(leaving, OwnRow(frame), size, start, length, HarmonicPower(start, length));
    }

    private Span<float> OwnRow(long frame) =>
        _observations.AsSpan((int)(frame & (HarmonicRingRows - 1)) * _rowLength, _rowLength);

    /// <summary>Where this stage's z_H of <paramref name="frame"/> lives: a zero row before the stream, a borrowed ring before the stage existed.</summary>
    private ReadOnlySpan<float> Row(long frame, FrameWorkspace w)
    {
        Stage stage = this;
        while (true)
        {
            if (frame < 0)
            {
                return w.ZeroRow;
            }

            if (frame >= stage._start || stage._borrow is null)
            {
                return stage.OwnRow(frame);
            }

            stage = stage._borrow;
        }
    }

    private void InitializeCovariances(int start, int length)
    {
        if (_covarianceSource is null)
        {
            HarmonicCovariance.SetIdentity(start, length);
            if (Number != 1)
            {
                PercussiveCovariance.SetIdentity(start, length);
            }
        }
        else
        {
            HarmonicCovariance.CopyFrom(_covarianceSource.HarmonicCovariance, start, length);
            if (Number != 1)
            {
                PercussiveCovariance.CopyFrom(_covarianceSource.PercussiveCovariance, start, length);
            }
        }
    }
}
