namespace KamHp.Dsp.Separation;

/// <summary>The kinds of slice a frame's work is cut into, in the order they run.</summary>
internal enum WorkKind : byte
{
    /// <summary>Window and FFT of the newest frame, one channel (Index).</summary>
    Analyze,

    /// <summary>A stage's Wiener estimate, covariances and observations, one bin chunk (Index).</summary>
    Observe,

    /// <summary>A stage's percussive median over bins.</summary>
    Percussive,

    /// <summary>A stage's harmonic median over frames, one bin chunk (Index).</summary>
    Harmonic,

    /// <summary>The output Wiener filter, one bin chunk (Index).</summary>
    Output,

    /// <summary>Inverse FFT and overlap-add, one channel (Index).</summary>
    Synthesize,
}

/// <summary>One slice of a frame's work: what, for which stage (1-based; 0 for none) and which channel or chunk, and when.</summary>
internal struct WorkStep
{
    public WorkKind Kind;
    public int Stage;
    public int Index;

    /// <summary>Samples after the frame's last sample at which the slice is due, 0..SpreadSamples-1.</summary>
    public int Offset;
}

/// <summary>
/// Cuts one frame's work into bounded slices and says when each is due, by absolute sample count only: frame u's
/// slices run in order once the clock has passed sample (u+1)·Hop - 1 + Offset, the offsets spreading the work over
/// <see cref="EngineLayout.SpreadSamples"/> samples in proportion to an estimate of its cost. Because nothing depends
/// on where the host's blocks begin or end, the engine's output is bit-identical for any partition into blocks, and
/// no block carries a whole frame of work.
/// </summary>
/// <remarks>
/// The cost model's figures are rough nanosecond estimates from per-slice timings on the development machine (AMD
/// EPYC, AVX2); only their ratios matter, and an error in them only makes the load per sample less even, never the
/// output different (the plan depends on the settings alone).
/// </remarks>
internal sealed class FrameScheduler
{
    /// <summary>Most slices in a frame: 2 channels x 2 (analysis, synthesis) + 10 stages x 9 + 4 output chunks = 98.</summary>
    public const int MaxSteps = 128;

    /// <summary>A real FFT of N points: this x N log2 N ns (5.9 µs at 4096 points).</summary>
    public const double FftNsPerPointLog2 = 0.12;

    /// <summary>Analysis besides the FFT (ring read, window multiply): ns per frame sample.</summary>
    public const double AnalysisNsPerSample = 0.3;

    /// <summary>Synthesis besides the inverse FFT (finiteness check, overlap-add): ns per frame sample.</summary>
    public const double SynthesisNsPerSample = 0.5;

    /// <summary>Spatial stage 1 observations (one covariance, one observation): ns per bin.</summary>
    public const double SpatialFirstObserveNsPerBin = 3.0;

    /// <summary>Spatial stage n &gt;= 2 observations (eq. 7, two covariance updates, two whitened powers): ns per bin.</summary>
    public const double SpatialObserveNsPerBin = 9.8;

    /// <summary>Non-spatial stage 1 observations (half the mixture, powers): ns per bin and channel.</summary>
    public const double FirstObserveNsPerBinChannel = 0.65;

    /// <summary>Non-spatial stage n &gt;= 2 observations (mask, estimate, two powers): ns per bin and channel.</summary>
    public const double ObserveNsPerBinChannel = 1.5;

    /// <summary>Percussive median, fixed part: ns per bin.</summary>
    public const double PercussiveNsPerBin = 1.5;

    /// <summary>Percussive median, per bin of the kernel: ns per bin.</summary>
    public const double PercussiveNsPerBinKernelBin = 0.1;

    /// <summary>Harmonic median (sorted-window slide): ns per bin and window frame.</summary>
    public const double HarmonicNsPerBinFrame = 0.16;

    /// <summary>Spatial output filter (eq. 7): ns per bin.</summary>
    public const double SpatialOutputNsPerBin = 4.0;

    /// <summary>Non-spatial output filter (mask times mixture): ns per bin and channel.</summary>
    public const double OutputNsPerBinChannel = 0.55;

    /// <summary>Sharpened output weights (mask sharpness other than 1): ns per bin.</summary>
    public const double SharpenNsPerBin = 3.0;

    private readonly WorkStep[] _steps = new WorkStep[MaxSteps];
    private readonly double[] _cost = new double[MaxSteps];
    private int _count;
    private int _next;
    private int _hopSize;

    /// <summary>The frame u whose work is in progress (or next).</summary>
    public long Frame { get; private set; }

    /// <summary>True when the next slice is the first of its frame (a frame boundary: settings may change here).</summary>
    public bool AtFrameStart => _next == 0;

    /// <summary>The next slice.</summary>
    public WorkStep Current => _steps[_next];

    /// <summary>Clock value (samples since the restart) at which the next slice is due.</summary>
    public long NextDue => (((Frame + 1) * _hopSize) - 1) + _steps[_next].Offset;

    /// <summary>Marks the current slice done; after the last slice of a frame the next frame begins.</summary>
    public void Advance()
    {
        if (++_next == _count)
        {
            _next = 0;
            Frame++;
        }
    }

    /// <summary>Back to frame 0, first slice (keeps the plan).</summary>
    public void Reset()
    {
        Frame = 0;
        _next = 0;
    }

    /// <summary>
    /// Builds the slice list of one frame for <paramref name="layout"/> and gives each slice a due offset
    /// (0..SpreadSamples-1 samples after the frame is complete) proportional to the estimated work before it, so the
    /// load per sample is even. Call at a frame boundary only. Real-time safe.
    /// </summary>
    public void BuildPlan(EngineLayout layout, int channels, BinChunks chunks, bool spatial, bool sharpened)
    {
        _hopSize = layout.HopSize;
        int count = 0;
        int fftSize = layout.FftSize, bins = layout.BinCount;
        double fftCost = FftNsPerPointLog2 * fftSize * Math.Log2(fftSize);
        for (int c = 0; c < channels; c++)
        {
            Add(WorkKind.Analyze, 0, c, fftCost + (AnalysisNsPerSample * fftSize));
        }

        double harmonicPerBin = HarmonicNsPerBinFrame * layout.HarmonicWindowFrames;
        for (int n = 1; n <= layout.Iterations; n++)
        {
            double observePerBin = spatial
                ? (n == 1 ? SpatialFirstObserveNsPerBin : SpatialObserveNsPerBin)
                : (n == 1 ? FirstObserveNsPerBinChannel * channels : ObserveNsPerBinChannel * channels);
            for (int k = 0; k < BinChunks.Count; k++)
            {
                Add(WorkKind.Observe, n, k, observePerBin * chunks[k].Length);
            }

            Add(WorkKind.Percussive, n, 0, ((PercussiveNsPerBinKernelBin * layout.PercussiveKernelBins) + PercussiveNsPerBin) * bins);
            for (int k = 0; k < BinChunks.Count; k++)
            {
                Add(WorkKind.Harmonic, n, k, harmonicPerBin * chunks[k].Length);
            }
        }

        double outputPerBin = (spatial ? SpatialOutputNsPerBin : OutputNsPerBinChannel * channels) + (sharpened ? SharpenNsPerBin : 0);
        for (int k = 0; k < BinChunks.Count; k++)
        {
            Add(WorkKind.Output, 0, k, outputPerBin * chunks[k].Length);
        }

        for (int c = 0; c < channels; c++)
        {
            Add(WorkKind.Synthesize, 0, c, fftCost + (SynthesisNsPerSample * fftSize));
        }

        Spread(count, layout.SpreadSamples);

        void Add(WorkKind kind, int stage, int index, double ns)
        {
            _steps[count] = new WorkStep { Kind = kind, Stage = stage, Index = index };
            _cost[count] = ns;
            count++;
        }
    }

    /// <summary>
    /// The plan of a <see cref="LatencyMode.Instant"/> frame (<see cref="InstantSeparator"/>): both transforms of each
    /// channel, one slice per stage (observations and both medians), the pooled mask, filter and overlap-add of each channel.
    /// </summary>
    public void BuildInstantPlan(InstantGeometry geometry, int iterations, int channels)
    {
        _hopSize = geometry.HopSize;
        int count = 0;
        int estimation = geometry.EstimationFftSize, synthesis = geometry.SynthesisFftSize, bins = geometry.EstimationBinCount;
        double estimationFft = FftNsPerPointLog2 * estimation * Math.Log2(estimation);
        double synthesisFft = FftNsPerPointLog2 * synthesis * Math.Log2(synthesis);
        for (int c = 0; c < channels; c++)
        {
            Add(WorkKind.Analyze, 0, c, estimationFft + synthesisFft + (AnalysisNsPerSample * (estimation + synthesis)));
        }

        double stagePerBin = (ObserveNsPerBinChannel * channels) + PercussiveNsPerBin + (PercussiveNsPerBinKernelBin * geometry.PercussiveKernelBins)
            + (HarmonicNsPerBinFrame * geometry.HarmonicWindowFrames);
        for (int n = 1; n <= iterations; n++)
        {
            Add(WorkKind.Observe, n, 0, stagePerBin * bins);
        }

        for (int c = 0; c < channels; c++)
        {
            Add(WorkKind.Synthesize, 0, c, synthesisFft + (SynthesisNsPerSample * synthesis) + (c == 0 ? 2.0 * bins : 0));
        }

        Spread(count, geometry.SpreadSamples);

        void Add(WorkKind kind, int stage, int index, double ns)
        {
            _steps[count] = new WorkStep { Kind = kind, Stage = stage, Index = index };
            _cost[count] = ns;
            count++;
        }
    }

    /// <summary>Gives the first <paramref name="count"/> slices due offsets over <paramref name="spread"/> samples in proportion to the work before each.</summary>
    private void Spread(int count, int spread)
    {
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            total += _cost[i];
        }

        double before = 0;
        for (int i = 0; i < count; i++)
        {
            _steps[i].Offset = (int)Math.Min(spread - 1, Math.Floor(before * spread / total));
            before += _cost[i];
        }

        _steps[0].Offset = 0;
        _count = count;
    }
}
