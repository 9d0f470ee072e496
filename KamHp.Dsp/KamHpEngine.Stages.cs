using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using KamHp.Dsp.Filters;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp;

/// <summary>Frame work: analysis, the stages, the output filter, synthesis; and the slices they are cut into.</summary>
public sealed partial class KamHpEngine
{
    private const int MaxSteps = 128;

    private int _fftSize;
    private int _hopSize;
    private int _bins;
    private int _paddedBins;
    private int _chunkBins;
    private FftTransform _fft = null!;
    private float[] _analysisWindow = [];
    private float[] _synthesisWindow = [];
    private float[] _frame = [];

    private int _xCapacity;
    private float[][] _xReal = [];         // mixture spectra, ring of frames, row = (frame % capacity) * paddedBins
    private float[][] _xImag = [];
    private float[][] _hReal = [];         // harmonic estimate of the frame being worked on
    private float[][] _hImag = [];
    private float[] _observationRing = []; // row 0: zeros; then per stage HarmonicRingRows rows of z_H
    private float[] _percussiveRing = [];  // per stage PercussiveRingRows rows of s_P (delayed by Ahead frames)
    private float[] _percussiveObservation = []; // z_P of one frame at offset PadBins, mirrored edges around it
    private float[][] _stageHarmonic = []; // s_H^(n) of the frame stage n + 1 consumes
    private float[] _mask = [];
    private float[] _weightHarmonic = [];
    private float[] _weightPercussive = [];
    private RunningCovariance[] _covarianceHarmonic = [];
    private RunningCovariance[] _covariancePercussive = [];
    private SegmentedRunningMedian _binMedian = null!;
    private SortedLaneWindow[] _windows = [];
    private int[] _windowSize = [];        // per stage and chunk: rows the sorted window holds
    private bool[] _windowStale = [];      // per stage and chunk: to be cleared (after a restart)

    private WorkStep[] _steps = [];
    private double[] _stepCost = [];
    private int _stepCount;
    private long _frameTime;               // frame u whose work is in progress (or next)
    private int _nextStep;

    private long[] _stageStart = [];       // first frame stage n processed itself
    private int[] _stageBorrow = [];       // stage whose ring stands in for frames before _stageStart (-1: none)
    private long[] _covarianceInitFrame = [];
    private int[] _covarianceSource = [];  // -1: identity, else copy from that stage

    private bool _spatialRequested;
    private float _sharpness = 1f;
    private double _forgetting;

    private enum StepKind : byte
    {
        Analyze,
        Observe,
        Percussive,
        Harmonic,
        Output,
        Synthesize,
    }

    private bool SpatialActive => _spatialRequested && ChannelCount == 2;

    /// <summary>Clock value at which the next slice is due.</summary>
    private long NextDue() => (((_frameTime + 1) * _hopSize) - 1) + _steps[_nextStep].Offset;

    private void RunStep()
    {
        if (_nextStep == 0)
        {
            BeginFrame();
        }

        WorkStep step = _steps[_nextStep];
        switch (step.Kind)
        {
            case StepKind.Analyze:
                Analyze(step.Index);
                break;
            case StepKind.Observe:
                Observe(step.Stage, step.Index);
                break;
            case StepKind.Percussive:
                PercussiveMedian(step.Stage);
                break;
            case StepKind.Harmonic:
                HarmonicMedian(step.Stage, step.Index);
                break;
            case StepKind.Output:
                OutputFilter(step.Index);
                break;
            default:
                Synthesize(step.Index);
                break;
        }

        if (++_nextStep == _stepCount)
        {
            _nextStep = 0;
            _frameTime++;
        }
    }

    /// <summary>At a frame boundary: applies pending settings that keep the latency (others wait for the restart).</summary>
    private void BeginFrame()
    {
        if (_pending is null || _fadeOutRemaining > 0)
        {
            return;
        }

        if (EngineLayout.For(SampleRateHz, _pending.Value).LatencySamples != _layout.LatencySamples)
        {
            Debug.Fail("Configure starts the fade-out for latency changes.");
            return;
        }

        int oldIterations = _layout.Iterations;
        bool wasSpatial = SpatialActive;
        ApplyPending();
        long u = _frameTime;
        int ahead = _layout.LookAheadFrames;
        for (int n = oldIterations + 1; n <= _layout.Iterations; n++)
        {
            // Only reachable with Ahead = 0 (otherwise iterations change the latency): the new stage starts from the
            // history and covariances of the stage before it, so adding an iteration does not empty the median window.
            _stageStart[n] = u;
            _stageBorrow[n] = n - 1;
            _covarianceInitFrame[n] = Math.Max(0, u - ((n - 1) * ahead));
            _covarianceSource[n] = n - 1;
        }

        if (SpatialActive && !wasSpatial)
        {
            for (int n = 1; n <= MaxStages; n++)
            {
                _covarianceInitFrame[n] = Math.Max(0, u - ((n - 1) * ahead));
                _covarianceSource[n] = -1;
            }
        }

        BuildPlan();
    }

    private void ResetStages()
    {
        _frameTime = 0;
        _nextStep = 0;
        for (int n = 1; n <= MaxStages; n++)
        {
            _stageStart[n] = 0;
            _stageBorrow[n] = -1;
            _covarianceInitFrame[n] = 0;
            _covarianceSource[n] = -1;
        }

        Array.Fill(_windowStale, true);
        BuildPlan();
    }

    private void Analyze(int channel)
    {
        long u = _frameTime;
        int n = _fftSize;
        float[] ring = _inputRing[channel];   // 2N samples: slices of a frame's work run up to SpreadSamples after its end
        int start = (int)((((u + 1) * _hopSize) - n) & (ring.Length - 1));
        int first = Math.Min(n, ring.Length - start);
        TensorPrimitives.Multiply(ring.AsSpan(start, first), _analysisWindow.AsSpan(0, first), _frame.AsSpan(0, first));
        TensorPrimitives.Multiply(ring.AsSpan(0, n - first), _analysisWindow.AsSpan(first), _frame.AsSpan(first));
        int row = XRow(u);
        _fft.Forward(_frame, _xReal[channel].AsSpan(row, _bins), _xImag[channel].AsSpan(row, _bins));
    }

    /// <summary>Stage n on its frame v = u - (n-1)·Ahead, bins of chunk k: Wiener estimate, covariances, z_H and z_P.</summary>
    private void Observe(int stage, int chunk)
    {
        long v = _frameTime - ((stage - 1) * (long)_layout.LookAheadFrames);
        if (v < 0)
        {
            return;
        }

        (int b0, int length) = Chunk(chunk, _paddedBins);
        int row = XRow(v) + b0;
        Span<float> zH = _observationRing.AsSpan(OwnRowOffset(stage, v) + b0, length);
        Span<float> zP = _percussiveObservation.AsSpan(PadBins + b0, length);
        if (SpatialActive)
        {
            if (v == _covarianceInitFrame[stage])
            {
                InitializeCovariance(stage, b0, length);
            }

            var x = new StereoRow(
                _xReal[0].AsSpan(row, length), _xImag[0].AsSpan(row, length), _xReal[1].AsSpan(row, length), _xImag[1].AsSpan(row, length));
            if (stage == 1)
            {
                StageKernels.SpatialFirstStage(x, _covarianceHarmonic[1].Row(b0, length), _forgetting, zH);
                zH.CopyTo(zP);
            }
            else
            {
                StageKernels.SpatialStage(
                    _stageHarmonic[stage - 1].AsSpan(b0, length), PercussiveRow(stage - 1, v).Slice(b0, length),
                    _covarianceHarmonic[stage - 1].Row(b0, length), _covariancePercussive[stage - 1].Row(b0, length), x,
                    _covarianceHarmonic[stage].Row(b0, length), _covariancePercussive[stage].Row(b0, length), _forgetting, zH, zP);
            }

            return;
        }

        // No spatial model: the offline separator's operations, in its order (see StageKernels).
        Span<float> mask = _mask.AsSpan(b0, length);
        if (stage > 1)
        {
            StageKernels.Mask(_stageHarmonic[stage - 1].AsSpan(b0, length), PercussiveRow(stage - 1, v).Slice(b0, length), mask);
        }

        int channels = ChannelCount;
        for (int c = 0; c < channels; c++)
        {
            Span<float> hRe = _hReal[c].AsSpan(b0, length), hIm = _hImag[c].AsSpan(b0, length);
            if (stage == 1)
            {
                // s_H = s_P initially, so the mask is exactly 1/2.
                TensorPrimitives.Multiply(_xReal[c].AsSpan(row, length), 0.5f, hRe);
                TensorPrimitives.Multiply(_xImag[c].AsSpan(row, length), 0.5f, hIm);
            }
            else
            {
                TensorPrimitives.Multiply(_xReal[c].AsSpan(row, length), mask, hRe);
                TensorPrimitives.Multiply(_xImag[c].AsSpan(row, length), mask, hIm);
            }
        }

        zH.Clear();
        for (int c = 0; c < channels; c++)
        {
            AddPower(_hReal[c].AsSpan(b0, length), _hImag[c].AsSpan(b0, length), zH);
        }

        float scale = 1f / channels;
        TensorPrimitives.Multiply(zH, scale, zH);
        if (stage == 1)
        {
            zH.CopyTo(zP);   // x - x/2 == x/2 exactly, so z_P == z_H bit for bit
            return;
        }

        zP.Clear();
        Span<float> difference = _weightHarmonic.AsSpan(b0, length);
        for (int c = 0; c < channels; c++)
        {
            TensorPrimitives.Subtract(_xReal[c].AsSpan(row, length), _hReal[c].AsSpan(b0, length), difference);
            TensorPrimitives.MultiplyAdd(difference, difference, zP, zP);
            TensorPrimitives.Subtract(_xImag[c].AsSpan(row, length), _hImag[c].AsSpan(b0, length), difference);
            TensorPrimitives.MultiplyAdd(difference, difference, zP, zP);
        }

        TensorPrimitives.Multiply(zP, scale, zP);
    }

    private static void AddPower(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> destination)
    {
        TensorPrimitives.MultiplyAdd(real, real, destination, destination);
        TensorPrimitives.MultiplyAdd(imag, imag, destination, destination);
    }

    private void InitializeCovariance(int stage, int b0, int length)
    {
        int source = _covarianceSource[stage];
        if (source < 0)
        {
            _covarianceHarmonic[stage].SetIdentity(b0, length);
            if (stage != 1)
            {
                _covariancePercussive[stage].SetIdentity(b0, length);
            }
        }
        else
        {
            _covarianceHarmonic[stage].CopyFrom(_covarianceHarmonic[source], b0, length);
            if (stage != 1)
            {
                _covariancePercussive[stage].CopyFrom(_covariancePercussive[source], b0, length);
            }
        }
    }

    /// <summary>Percussive median over bins of stage n's frame (mirrored at DC and Nyquist), into its delay ring.</summary>
    private void PercussiveMedian(int stage)
    {
        long v = _frameTime - ((stage - 1) * (long)_layout.LookAheadFrames);
        if (v < 0)
        {
            return;
        }

        int kernel = _layout.PercussiveKernelBins;
        int half = kernel / 2;
        float[] padded = _percussiveObservation;
        int bins = _bins;
        for (int i = 0; i < half; i++)
        {
            padded[PadBins - 1 - i] = padded[PadBins + i];
            padded[PadBins + bins + i] = padded[PadBins + bins - 1 - i];
        }

        _binMedian.Compute(padded.AsSpan(PadBins - half, bins + kernel - 1), kernel, PercussiveRow(stage, v)[..bins]);
    }

    /// <summary>
    /// Harmonic median for frame w = v - Ahead over the ring rows [w - Past, w + Ahead], which are the last
    /// W = Past + Ahead + 1 rows [v - W + 1, v], bins of chunk k: each stage keeps that window sorted per bin
    /// (<see cref="SortedLaneWindow"/>) and slides it by one row per frame. After a kernel change the window grows or
    /// shrinks by up to two rows per frame towards the new size (a gradual change).
    /// </summary>
    private void HarmonicMedian(int stage, int chunk)
    {
        long v = _frameTime - ((stage - 1) * (long)_layout.LookAheadFrames);
        if (v < 0)
        {
            return;
        }

        (int b0, int length) = Chunk(chunk, _paddedBins);
        SortedLaneWindow window = _windows[stage];
        int index = (stage * ChunkCount) + chunk;
        int kernel = _layout.HarmonicWindowFrames;
        ref int size = ref _windowSize[index];
        ReadOnlySpan<float> ring = _observationRing;
        ReadOnlySpan<float> leaving;
        if (_windowStale[index])
        {
            // After a restart: the rows before the stream are zeros, and a window of zeros is valid at any size.
            window.Clear(b0, length);
            _windowStale[index] = false;
            size = kernel;
        }

        if (v == _stageStart[stage] && _stageBorrow[stage] >= 0)
        {
            // A stage added just now: start from the window of the stage it borrows rows from (which already holds
            // that stage's row v) and swap that row for this stage's own.
            int source = _stageBorrow[stage];
            size = _windowSize[(source * ChunkCount) + chunk];
            window.CopyFrom(_windows[source], size, b0, length);
            leaving = ring.Slice(RowOffset(source, v), _paddedBins);
        }
        else
        {
            for (int step = 0; step < 2 && size < kernel; step++)
            {
                window.Insert(ring.Slice(RowOffset(stage, v - 1 - size), _paddedBins), size, b0, length);
                size++;
            }

            for (int step = 0; step < 2 && size > kernel; step++)
            {
                window.Remove(ring.Slice(RowOffset(stage, v - size), _paddedBins), size, b0, length);
                size--;
            }

            leaving = ring.Slice(RowOffset(stage, v - size), _paddedBins);
        }

        // The median of frame w = v - Ahead; before the stream's first frame (w < 0) it is never read.
        window.Slide(leaving, ring.Slice(OwnRowOffset(stage, v), _paddedBins), size, b0, length, _stageHarmonic[stage].AsSpan(b0, length));
    }

    /// <summary>The output Wiener filter (eq. 7 with the last stage's s_j and R_j, mask sharpness applied), bins of chunk k.</summary>
    private void OutputFilter(int chunk)
    {
        int iterations = _layout.Iterations;
        long v = _frameTime - _layout.DelayFrames;
        if (v < 0)
        {
            return;
        }

        (int b0, int length) = Chunk(chunk, _paddedBins);
        int row = XRow(v) + b0;
        ReadOnlySpan<float> sH = _stageHarmonic[iterations].AsSpan(b0, length);
        ReadOnlySpan<float> sP = PercussiveRow(iterations, v).Slice(b0, length);
        if (_sharpness != 1f)
        {
            Span<float> wH = _weightHarmonic.AsSpan(b0, length), wP = _weightPercussive.AsSpan(b0, length);
            StageKernels.SharpenedWeights(sH, sP, _sharpness, wH, wP);
            sH = wH;
            sP = wP;
        }

        if (SpatialActive)
        {
            var x = new StereoRow(
                _xReal[0].AsSpan(row, length), _xImag[0].AsSpan(row, length), _xReal[1].AsSpan(row, length), _xImag[1].AsSpan(row, length));
            var h = new StereoRow(
                _hReal[0].AsSpan(b0, length), _hImag[0].AsSpan(b0, length), _hReal[1].AsSpan(b0, length), _hImag[1].AsSpan(b0, length));
            SpatialKernels.WienerHarmonic(
                sH, sP, _covarianceHarmonic[iterations].Row(b0, length), _covariancePercussive[iterations].Row(b0, length), x,
                KamOfflineSeparator.Regularization, KamOfflineSeparator.PowerFloor, h);
            return;
        }

        Span<float> mask = _mask.AsSpan(b0, length);
        StageKernels.Mask(sH, sP, mask);
        for (int c = 0; c < ChannelCount; c++)
        {
            TensorPrimitives.Multiply(_xReal[c].AsSpan(row, length), mask, _hReal[c].AsSpan(b0, length));
            TensorPrimitives.Multiply(_xImag[c].AsSpan(row, length), mask, _hImag[c].AsSpan(b0, length));
        }
    }

    /// <summary>Inverse FFT of the harmonic estimate and windowed overlap-add into the output ring.</summary>
    private void Synthesize(int channel)
    {
        long v = _frameTime - _layout.DelayFrames;
        if (v < 0)
        {
            return;
        }

        _fft.Inverse(_hReal[channel].AsSpan(0, _bins), _hImag[channel].AsSpan(0, _bins), _frame);
        if (!StageKernels.AllFinite(_frame))
        {
            _fault = true;   // overflow inside the stages (absurd input levels): Process mutes and restarts
            return;
        }

        float[] ring = _olaRing[channel];
        int n = _fftSize;
        int mask = _olaMask;

        // Frame v is the first to touch its last hop [v·Hop, v·Hop + Hop): clear those slots (they held old samples).
        int clear = (int)((v * _hopSize) & mask);
        ring.AsSpan(clear, _hopSize).Clear();   // 2N is a multiple of the hop: never wraps

        int start = (int)(((v * _hopSize) - n + _hopSize) & mask);
        int first = Math.Min(n, ring.Length - start);
        OverlapAdd(_frame.AsSpan(0, first), _synthesisWindow.AsSpan(0, first), ring.AsSpan(start, first));
        if (first < n)
        {
            OverlapAdd(_frame.AsSpan(first), _synthesisWindow.AsSpan(first), ring.AsSpan(0, n - first));
        }
    }

    /// <summary>destination += frame x window, multiply then add (two roundings, as the offline <see cref="Stft"/> does).</summary>
    private static void OverlapAdd(ReadOnlySpan<float> frame, ReadOnlySpan<float> window, Span<float> destination)
    {
        int i = 0;
        ref float f = ref MemoryMarshal.GetReference(frame);
        ref float w = ref MemoryMarshal.GetReference(window);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= frame.Length; i += 8)
            {
                Vector256<float> product = Vector256.LoadUnsafe(ref f, (nuint)i) * Vector256.LoadUnsafe(ref w, (nuint)i);
                (Vector256.LoadUnsafe(ref d, (nuint)i) + product).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < frame.Length; i++)
        {
            destination[i] += frame[i] * window[i];
        }
    }

    private int XRow(long frame) => (int)(frame % _xCapacity) * _paddedBins;

    private (int Start, int Length) Chunk(int chunk, int total)
    {
        int start = Math.Min(chunk * _chunkBins, total);
        return (start, Math.Min(_chunkBins, total - start));
    }

    private Span<float> PercussiveRow(int stage, long frame) =>
        _percussiveRing.AsSpan((((stage - 1) * PercussiveRingRows) + (int)(frame & (PercussiveRingRows - 1))) * _paddedBins, _paddedBins);

    private int OwnRowOffset(int stage, long frame) =>
        (1 + ((stage - 1) * HarmonicRingRows) + (int)(frame & (HarmonicRingRows - 1))) * _paddedBins;

    /// <summary>Where stage n's z_H of <paramref name="frame"/> lives: the zero row before the stream, a borrowed ring before the stage existed.</summary>
    private int RowOffset(int stage, long frame)
    {
        while (true)
        {
            if (frame < 0)
            {
                return 0;
            }

            if (frame >= _stageStart[stage] || _stageBorrow[stage] < 0)
            {
                return OwnRowOffset(stage, frame);
            }

            stage = _stageBorrow[stage];
        }
    }

    /// <summary>
    /// Cuts one frame's work into slices and gives each a due offset (0..SpreadSamples-1 samples after the frame is
    /// complete) proportional to the estimated work before it, so the load per sample is even. The costs are rough
    /// nanosecond estimates from per-slice timings on the development machine (AMD EPYC, AVX2); only their ratios matter.
    /// </summary>
    private void BuildPlan()
    {
        int count = 0;
        double[] cost = _stepCost;
        int channels = ChannelCount;
        bool spatial = SpatialActive;
        double fftCost = FftCostNs(_fftSize);
        for (int c = 0; c < channels; c++)
        {
            Add(StepKind.Analyze, 0, c, fftCost + (0.3 * _fftSize));
        }

        double harmonicPerBin = 0.16 * _layout.HarmonicWindowFrames;
        for (int n = 1; n <= _layout.Iterations; n++)
        {
            double observePerBin = spatial ? (n == 1 ? 3.0 : 9.8) : (n == 1 ? 0.65 * channels : 1.5 * channels);
            for (int k = 0; k < ChunkCount; k++)
            {
                Add(StepKind.Observe, n, k, observePerBin * Chunk(k, _paddedBins).Length);
            }

            Add(StepKind.Percussive, n, 0, ((0.1 * _layout.PercussiveKernelBins) + 1.5) * _bins);
            for (int k = 0; k < ChunkCount; k++)
            {
                Add(StepKind.Harmonic, n, k, harmonicPerBin * Chunk(k, _paddedBins).Length);
            }
        }

        double outputPerBin = (spatial ? 4.0 : 0.55 * channels) + (_sharpness != 1f ? 3.0 : 0);
        for (int k = 0; k < ChunkCount; k++)
        {
            Add(StepKind.Output, 0, k, outputPerBin * Chunk(k, _paddedBins).Length);
        }

        for (int c = 0; c < channels; c++)
        {
            Add(StepKind.Synthesize, 0, c, fftCost + (0.5 * _fftSize));
        }

        double total = 0;
        for (int i = 0; i < count; i++)
        {
            total += cost[i];
        }

        double before = 0;
        int spread = _layout.SpreadSamples;
        for (int i = 0; i < count; i++)
        {
            _steps[i].Offset = (int)Math.Min(spread - 1, Math.Floor(before * spread / total));
            before += cost[i];
        }

        _steps[0].Offset = 0;
        _stepCount = count;

        void Add(StepKind kind, int stage, int index, double ns)
        {
            _steps[count] = new WorkStep { Kind = kind, Stage = stage, Index = index };
            cost[count] = ns;
            count++;
        }
    }

    private static double FftCostNs(int size) => 0.12 * size * Math.Log2(size);


    private struct WorkStep
    {
        public StepKind Kind;
        public int Stage;
        public int Index;
        public int Offset;
    }
}
