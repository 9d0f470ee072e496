using KamHp.Dsp.Separation;
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
/// </remarks>
internal sealed class PassRunner
{
    private const int SourceCount = 2;
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
    private readonly float[] _initialPower;
    private readonly int _half;
    private readonly double _totalWork;
    private double _doneWork;

    public PassRunner(KamSettings settings, Stft stft, MixtureFrames mixture, bool spatial, LockstepWorkers workers, IProgress<double>? progress)
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
            _covariances[n] = new ExcerptCovariances(bins);
        }

        _ranges = BinRange.Split(bins, Filters.SpectralMedians.LanesFor(bins), workers.Count);
        _initialPower = new float[bins];
        _half = settings.HarmonicKernelFrames / 2;

        // Work in stage-frames: estimation pass k runs k stages, the output pass all of them plus the synthesis.
        _totalWork = (iterations + 1) * (double)mixture.FrameCount;
        for (int k = 1; spatial && k <= iterations; k++)
        {
            _totalWork += k * (double)mixture.FrameCount;
        }
    }

    /// <summary>Pass <paramref name="iteration"/> of the spatial model: R_j^(iteration) from that iteration's Wiener estimates.</summary>
    public void Estimate(int iteration)
    {
        Start(iteration);
        _workers.Run(worker => EstimateSteps(iteration, worker));
        _covariances[iteration]!.Complete();
    }

    /// <summary>The output pass: every iteration, and the harmonic estimates of <paramref name="outputIterations"/> to the sink.</summary>
    public void Output(IReadOnlyList<int> outputIterations, IHarmonicSink sink, int length)
    {
        int iterations = _settings.Iterations;
        var outputs = new OverlapAddOutput?[iterations + 1];
        foreach (int n in outputIterations)
        {
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
        int lastStep = frames - 1 + ((iteration - 1) * _half);
        for (int block = 0; block <= lastStep; block += _half)
        {
            int end = Math.Min(block + _half, lastStep + 1);
            for (int u = block; u < end; u++)
            {
                Advance(u, iteration - 1, worker, null);
                int v = u - ((iteration - 1) * _half);
                if (v >= 0 && v < frames)
                {
                    Filter(iteration, v, range);
                    StereoRow x = _mixture.Stereo(v);
                    OfflineStage stage = _stages[iteration];
                    target.Accumulate(stage.HarmonicStereo.Slice(range.Start, range.Count), stage.Percussive(x, range), range.Start);
                }
            }

            _workers.Sync();
            for (int u = block; u < end; u++)
            {
                PercussiveMedians(u, iteration - 1, worker);
                if (worker == 0)
                {
                    Report(u, iteration);
                }
            }
        }
    }

    private void OutputSteps(OverlapAddOutput?[] outputs, int worker)
    {
        int iterations = _settings.Iterations;
        BinRange range = _ranges[worker];
        int frames = _mixture.FrameCount;
        int lastStep = frames - 1 + (iterations * _half);
        for (int block = 0; block <= lastStep; block += _half)
        {
            int end = Math.Min(block + _half, lastStep + 1);
            for (int u = block; u < end; u++)
            {
                // Stage n's Wiener estimate of frame v is iteration n-1's output (eq. 7 with s^(n-1), R^(n-1)).
                Advance(u, iterations, worker, outputs);
                int w = u - (iterations * _half);
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
                    Report(u, iterations + 1);
                }
            }
        }
    }

    /// <summary>After a block's barrier: the output batches that step u completed, synthesised by both workers and emitted by worker 0.</summary>
    private void Synthesize(OverlapAddOutput?[] outputs, int u, int worker)
    {
        for (int n = 1; n < outputs.Length; n++)
        {
            int v = u - (n * _half);     // the frame stage n + 1 filtered in step u: iteration n's output
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
        for (int n = 1; n <= stageCount; n++)
        {
            _stages[n].Start();
        }
    }

    /// <summary>Step u of the chain, per bin: analyse frame u (at batch starts), then stages 1..<paramref name="fullStages"/> on their frames.</summary>
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
        for (int n = 1; n <= fullStages; n++)
        {
            int v = u - ((n - 1) * _half);
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
        }
    }

    /// <summary>Step u of the chain, after every worker's per-bin phase: s_P of the frames stages 1..<paramref name="fullStages"/> observed.</summary>
    private void PercussiveMedians(int u, int fullStages, int worker)
    {
        for (int n = 1; n <= fullStages; n++)
        {
            int v = u - ((n - 1) * _half);
            if (v >= 0 && v < _mixture.FrameCount)
            {
                _stages[n].PercussiveMedian(v, worker, _ranges[worker]);
            }
        }
    }

    /// <summary>Eq. 7 for the bins of <paramref name="range"/> of frame v with the powers of stage n - 1 (or the initial ones) and R_j^(n-1) (identity for n = 1: the scalar mask).</summary>
    private void Filter(int n, int v, BinRange range)
    {
        ComplexFrame x = _mixture.Frame(v);
        ReadOnlySpan<float> sH, sP;
        if (n == 1)
        {
            FrameKernels.MeanPower(x.Slice(range.Start, range.Count), 1f / (_mixture.ChannelCount * SourceCount), _initialPower.AsSpan(range.Start, range.Count));
            sH = _initialPower;
            sP = _initialPower;
        }
        else
        {
            sH = _stages[n - 1].HarmonicPower;
            sP = _stages[n - 1].PercussivePower(v);
        }

        _stages[n].Filter(x, _spatial ? _mixture.Stereo(v) : default, sH, sP, n == 1 ? null : _covariances[n - 1], range);
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
