using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// Runs the chain of <see cref="OfflineStage"/>s over the excerpt: stage n works on frame u - (n-1)·K/2 while frame u is
/// the newest analysed one, reading s_H and s_P of that frame from stage n - 1 (stage 1: the initial s_H = s_P =
/// x^H x / (I J)), and the output filter works K/2 frames behind the last stage. An estimation pass stops at one
/// stage's Wiener filter and accumulates R_j of that iteration; the output pass overlap-adds the requested iterations.
/// </summary>
/// <remarks>
/// Two workers (<see cref="LockstepWorkers"/>) run every step on their own share of the bins (<see cref="BinRange"/>):
/// everything in Algorithm 1 is per bin except the percussive median, which reads its neighbours. s_P of frame v is
/// first read K/2 steps after frame v is observed, so the steps run in blocks of K/2: the per-bin work of a block
/// (filters, observations, harmonic medians, covariance sums, copies to the outputs), one barrier, then the
/// percussive medians of the block's rows, each worker its own bins from the whole rows, and the synthesis of the
/// output batches the block completed. A worker may start the next block while the other still reads (z_P rows and
/// output batches are kept for two blocks). FFTs are shared by channel (or frame halves) at batch boundaries, each
/// followed by a barrier. One barrier per K/2 frames keeps the waiting small against the work.
/// <para>When only the last iteration is wanted and the powers fit (<see cref="StagePowers"/>), each estimation pass
/// keeps the powers its last full stage computes, and the next pass starts from them: pass k runs stage k - 1 and
/// stage k's filter instead of stages 1..k, and the output pass stage N and the output filter. Same values, computed
/// once instead of once per later pass.</para>
/// </remarks>
internal sealed class PassRunner
{
    private const int ProgressEveryFrames = 64;

    /// <summary>Frames synthesised together, at least: a block's K/2 frames may be added before a batch is synthesised.</summary>
    private const int MinOutputBatchFrames = 16;

    private readonly KamSettings _settings;
    private readonly Stft _stft;
    private readonly MixtureFrames _mixture;
    private readonly bool _spatial;
    private readonly IProgress<double>? _progress;
    private readonly LockstepWorkers _workers;
    private readonly BinRange[] _ranges;
    private readonly OfflineStage[] _stages;              // [1..Iterations + 1]; the last one only filters (output)
    private readonly ExcerptCovariances?[] _covariances;  // [1..Iterations]: R_j^(n); null without the spatial model
    private readonly StagePowers?[] _kept;                // s^(n) in KeptSet(n) when passes start from kept powers
    private readonly int _half;
    private double _totalWork;
    private double _doneWork;
    private int _firstStage = 1;                          // of the current pass: stages before it read kept powers
    private StagePowers? _keep;                           // where the current pass keeps its full stage's powers

    /// <summary>Prepares the stages; <paramref name="keepBytes"/> bounds the powers kept between passes (0: recompute).</summary>
    public PassRunner(KamSettings settings, Stft stft, MixtureFrames mixture, bool spatial, LockstepWorkers workers, long keepBytes, IProgress<double>? progress)
    {
        _settings = settings;
        _stft = stft;
        _mixture = mixture;
        _spatial = spatial;
        _progress = progress;
        _workers = workers;
        int bins = stft.Settings.BinCount;
        int iterations = settings.Iterations;
        _stages = new OfflineStage[iterations + 2];
        _covariances = new ExcerptCovariances?[iterations + 1];
        for (int n = 1; n <= iterations + 1; n++)
        {
            _stages[n] = new OfflineStage(settings, bins, mixture.ChannelCount, workers.Count);
        }

        for (int n = 1; spatial && n <= iterations; n++)
        {
            _covariances[n] = new ExcerptCovariances(bins, firstIteration: n == 1);
        }

        // Pass k + 1 reads s^(k - 1) while it keeps s^(k): two sets alive from N = 3 on.
        int sets = iterations >= 3 ? 2 : 1;
        _kept = new StagePowers?[sets];
        if (spatial && iterations >= 2 && StagePowers.Fits(mixture.FrameCount, bins, keepBytes / sets))
        {
            for (int k = 0; k < sets; k++)
            {
                _kept[k] = new StagePowers(mixture.FrameCount, bins);
            }
        }

        _ranges = BinRange.Split(bins, Filters.SpectralMedians.LanesFor(bins), workers.Count);
        _half = settings.HarmonicKernelFrames / 2;
    }

    /// <summary>
    /// Pass <paramref name="iteration"/> of the spatial model: R_j^(iteration) from that iteration's Wiener estimates;
    /// with <paramref name="keepPowers"/> (and room), from the powers the previous pass kept, keeping its own.
    /// </summary>
    public void Estimate(int iteration, bool keepPowers)
    {
        _firstStage = keepPowers && CanKeep ? Math.Max(1, iteration - 1) : 1;
        _keep = keepPowers && CanKeep && iteration >= 2 ? KeptSet(iteration - 1) : null;
        Start(iteration);
        _workers.Run(worker => EstimateSteps(iteration, worker));
        _covariances[iteration]!.Complete();
    }

    /// <summary>Whether powers can be kept between passes (spatial model, 2 iterations or more, and they fit).</summary>
    public bool CanKeep => _kept[0] is not null;

    /// <summary>Sets the work the progress reports count: the passes that will run, in stage-frames.</summary>
    public void PlanProgress(bool keepPowers)
    {
        int iterations = _settings.Iterations;
        int frames = _mixture.FrameCount;
        bool keep = keepPowers && CanKeep;
        _totalWork = (iterations + 2 - (keep ? iterations : 1)) * (double)frames;     // the output pass
        for (int k = 1; _spatial && k <= iterations; k++)
        {
            _totalWork += (keep ? Math.Min(k, 2) : k) * (double)frames;
        }
    }

    /// <summary>
    /// The output pass: every iteration from the first stage on (or from iteration N's stage, when the estimation passes
    /// kept the powers), and the harmonic estimates of <paramref name="outputIterations"/> to the sink.
    /// </summary>
    public void Output(IReadOnlyList<int> outputIterations, IHarmonicSink sink, int length, bool fromKeptPowers)
    {
        int iterations = _settings.Iterations;
        _firstStage = fromKeptPowers && CanKeep ? iterations : 1;
        _keep = null;
        var outputs = new OverlapAddOutput?[iterations + 1];
        foreach (int n in outputIterations)
        {
            if (n + 1 < _firstStage)
            {
                throw new ArgumentException("An iteration before the first stage of the output pass cannot be output.", nameof(outputIterations));
            }

            outputs[n] ??= new OverlapAddOutput(_stft, _mixture.ChannelCount, length, _mixture.FrameCount, Math.Max(MinOutputBatchFrames, _half), n, sink);
        }

        Start(iterations + 1);
        _workers.Run(worker => OutputSteps(outputs, worker));
        foreach (OverlapAddOutput? output in outputs)
        {
            output?.Finish();
        }

        _progress?.Report(1.0);
    }

    private void EstimateSteps(int iteration, int worker)
    {
        ExcerptCovariances target = _covariances[iteration]!;
        BinRange range = _ranges[worker];
        int frames = _mixture.FrameCount;
        int lag = Lag(iteration);
        int lastStep = frames - 1 + lag;
        for (int block = 0; block <= lastStep; block += _half)
        {
            int end = Math.Min(block + _half, lastStep + 1);
            for (int u = block; u < end; u++)
            {
                Advance(u, iteration - 1, worker, null);
                int v = u - lag;
                if (v >= 0 && v < frames)
                {
                    Filter(iteration, v, range);
                    StereoRow x = _mixture.Stereo(v);
                    OfflineStage stage = _stages[iteration];
                    StereoRow harmonic = stage.HarmonicStereo.Slice(range.Start, range.Count);
                    if (iteration == 1)
                    {
                        target.AccumulateFirstIteration(harmonic, x.Slice(range.Start, range.Count), range.Start);
                    }
                    else
                    {
                        target.Accumulate(harmonic, x.Slice(range.Start, range.Count), range.Start);
                    }
                }
            }

            _workers.Sync();
            for (int u = block; u < end; u++)
            {
                PercussiveMedians(u, iteration - 1, worker);
                if (worker == 0)
                {
                    Report(u, iteration - _firstStage + 1);
                }
            }
        }
    }

    private void OutputSteps(OverlapAddOutput?[] outputs, int worker)
    {
        int iterations = _settings.Iterations;
        BinRange range = _ranges[worker];
        int frames = _mixture.FrameCount;
        int lag = Lag(iterations + 1);
        int lastStep = frames - 1 + lag;
        for (int block = 0; block <= lastStep; block += _half)
        {
            int end = Math.Min(block + _half, lastStep + 1);
            for (int u = block; u < end; u++)
            {
                // Stage n's Wiener estimate of frame v is iteration n-1's output (eq. 7 with s^(n-1), R^(n-1)).
                Advance(u, iterations, worker, outputs);
                int w = u - lag;
                if (w >= 0 && w < frames)
                {
                    Filter(iterations + 1, w, range);
                    outputs[iterations]?.Add(w, _stages[iterations + 1].Harmonic, range);
                }
            }

            _workers.Sync();
            for (int u = block; u < end; u++)
            {
                PercussiveMedians(u, iterations, worker);
                Synthesize(outputs, u, worker);
                if (worker == 0)
                {
                    Report(u, iterations + 2 - _firstStage);
                }
            }
        }
    }

    /// <summary>The kept powers of iteration <paramref name="iteration"/> (alternating sets).</summary>
    private StagePowers KeptSet(int iteration) => _kept[iteration % _kept.Length]!;

    /// <summary>How many steps stage <paramref name="n"/> works behind the newest frame in this pass.</summary>
    private int Lag(int n) => (n - _firstStage) * _half;

    /// <summary>
    /// After a block's barrier: the output batches that step u completed, synthesised by both workers and handed to the
    /// sink by worker 0, the caller's thread (handing them out alternately from both threads measured no faster).
    /// </summary>
    private void Synthesize(OverlapAddOutput?[] outputs, int u, int worker)
    {
        for (int n = 1; n < outputs.Length; n++)
        {
            int v = u - Lag(n + 1);     // the frame stage n + 1 filtered in step u: iteration n's output
            if (outputs[n] is { } output && v >= 0 && v < _mixture.FrameCount && output.EndsBatch(v))
            {
                output.Synthesize(v, worker, _workers.Count);
                _workers.Sync();
                if (worker == 0)
                {
                    output.Emit(v);
                }
            }
        }
    }

    private void Start(int stageCount)
    {
        _mixture.Rewind();
        for (int n = _firstStage; n <= stageCount; n++)
        {
            _stages[n].Start();
        }
    }

    /// <summary>Step u of the chain, per bin: analyse frame u (at batch starts), then stages first..<paramref name="fullStages"/> on their frames.</summary>
    private void Advance(int u, int fullStages, int worker, OverlapAddOutput?[]? outputs)
    {
        BinRange range = _ranges[worker];
        if (_mixture.StartsBatch(u))
        {
            // A ring's batch overwrites the oldest frames: the other worker may still be reading them in the step before.
            _workers.Sync();
            _mixture.AnalyzeBatch(u, worker, _workers.Count);
            _workers.Sync();
        }

        int frames = _mixture.FrameCount;
        for (int n = _firstStage; n <= fullStages; n++)
        {
            int v = u - Lag(n);
            if (v < 0)
            {
                break;
            }

            OfflineStage stage = _stages[n];
            if (v < frames)
            {
                Filter(n, v, range);
                if (outputs is not null && n >= 2)
                {
                    outputs[n - 1]?.Add(v, stage.Harmonic, range);
                }

                stage.Observe(_mixture.Frame(v), _spatial ? _mixture.Stereo(v) : default, v, _covariances[n], range);
                stage.Slide(v, frames, range);
            }
            else if (v < frames + _half)
            {
                stage.Slide(v, frames, range);
            }
            else
            {
                continue;
            }

            int centre = v - _half;       // the frame whose s_H the slide gave
            if (_keep is not null && centre >= 0 && centre < frames)
            {
                stage.HarmonicPower.Slice(range.Start, range.Count).CopyTo(_keep.Harmonic(centre)[range.Start..]);
            }
        }
    }

    /// <summary>Step u of the chain, after every worker's per-bin phase: s_P of the frames stages first..<paramref name="fullStages"/> observed.</summary>
    private void PercussiveMedians(int u, int fullStages, int worker)
    {
        BinRange range = _ranges[worker];
        for (int n = _firstStage; n <= fullStages; n++)
        {
            int v = u - Lag(n);
            if (v >= 0 && v < _mixture.FrameCount)
            {
                _stages[n].PercussiveMedian(v, worker, range);
                if (_keep is not null)
                {
                    _stages[n].PercussivePower(v).Slice(range.Start, range.Count).CopyTo(_keep.Percussive(v)[range.Start..]);
                }
            }
        }
    }

    /// <summary>
    /// Eq. 7 for the bins of <paramref name="range"/> of frame v with the powers of stage n - 1 (the kept ones before
    /// the pass's first stage) and R_j^(n-1). For n = 1 the initial powers are equal (s_H = s_P = x^H x / (I J)) and
    /// R_j = I, so the gain is exactly 1/2 wherever that power is finite: x/2, without forming the powers.
    /// </summary>
    private void Filter(int n, int v, BinRange range)
    {
        ComplexFrame x = _mixture.Frame(v);
        if (n == 1)
        {
            _stages[1].FilterHalf(x, range);
            return;
        }

        ReadOnlySpan<float> sH, sP;
        if (n - 1 < _firstStage)
        {
            StagePowers kept = KeptSet(n - 1);
            sH = kept.Harmonic(v);
            sP = kept.Percussive(v);
        }
        else
        {
            sH = _stages[n - 1].HarmonicPower;
            sP = _stages[n - 1].PercussivePower(v);
        }

        _stages[n].Filter(x, _spatial ? _mixture.Stereo(v) : default, sH, sP, _covariances[n - 1], range);
    }

    private void Report(int u, int stages)
    {
        if ((u + 1) % ProgressEveryFrames == 0)
        {
            _doneWork += ProgressEveryFrames * (double)stages;
            _progress?.Report(Math.Min(0.999, _doneWork / _totalWork));
        }
    }
}
