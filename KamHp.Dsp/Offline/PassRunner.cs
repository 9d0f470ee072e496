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
internal sealed class PassRunner
{
    private const int SourceCount = 2;
    private const int ProgressEveryFrames = 64;

    private readonly KamSettings _settings;
    private readonly Stft _stft;
    private readonly MixtureFrames _mixture;
    private readonly bool _spatial;
    private readonly IProgress<double>? _progress;
    private readonly OfflineStage[] _stages;              // [1..Iterations + 1]; the last one only filters (output)
    private readonly ExcerptCovariances?[] _covariances;  // [1..Iterations]: R_j^(n); null without the spatial model
    private readonly float[] _initialPower;
    private readonly int _half;
    private readonly double _totalWork;
    private double _doneWork;

    private readonly SideThread _side;

    public PassRunner(KamSettings settings, Stft stft, MixtureFrames mixture, bool spatial, SideThread side, IProgress<double>? progress)
    {
        _side = side;
        _settings = settings;
        _stft = stft;
        _mixture = mixture;
        _spatial = spatial;
        _progress = progress;
        int bins = stft.Settings.BinCount;
        int iterations = settings.Iterations;
        _stages = new OfflineStage[iterations + 2];
        _covariances = new ExcerptCovariances?[iterations + 1];
        for (int n = 1; n <= iterations + 1; n++)
        {
            _stages[n] = new OfflineStage(settings, bins, mixture.ChannelCount);
        }

        for (int n = 1; spatial && n <= iterations; n++)
        {
            _covariances[n] = new ExcerptCovariances(bins);
        }

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
        ExcerptCovariances target = _covariances[iteration]!;
        int frames = _mixture.FrameCount;
        int lastStep = frames - 1 + ((iteration - 1) * _half);
        Start(iteration);
        for (int u = 0; u <= lastStep; u++)
        {
            Advance(u, iteration - 1);
            int v = u - ((iteration - 1) * _half);
            if (v >= 0 && v < frames)
            {
                Filter(iteration, v);
                StereoRow x = _mixture.Stereo(v);
                OfflineStage stage = _stages[iteration];
                target.Accumulate(stage.HarmonicStereo, stage.Percussive(x));
            }

            Report(u, iteration);
        }

        target.Complete();
    }

    /// <summary>The output pass: every iteration, and the harmonic estimates of <paramref name="outputIterations"/> to the sink.</summary>
    public void Output(IReadOnlyList<int> outputIterations, IHarmonicSink sink, int length)
    {
        int iterations = _settings.Iterations;
        int frames = _mixture.FrameCount;
        var outputs = new OverlapAddOutput?[iterations + 1];
        foreach (int n in outputIterations)
        {
            outputs[n] ??= new OverlapAddOutput(_stft, _mixture.ChannelCount, length, n, sink, _side);
        }

        // Stage n's Wiener estimate of frame v is iteration n-1's output (eq. 7 with s^(n-1), R^(n-1)).
        Action<int, int> filtered = (n, v) => outputs[n - 1]?.Add(v, _stages[n].Harmonic);
        Start(iterations + 1);
        int lastStep = frames - 1 + (iterations * _half);
        for (int u = 0; u <= lastStep; u++)
        {
            Advance(u, iterations, filtered);
            int w = u - (iterations * _half);
            if (w >= 0 && w < frames)
            {
                Filter(iterations + 1, w);
                outputs[iterations]?.Add(w, _stages[iterations + 1].Harmonic);
            }

            Report(u, iterations + 1);
        }

        foreach (OverlapAddOutput? output in outputs)
        {
            output?.Finish(frames - 1);
        }

        _progress?.Report(1.0);
    }

    private void Start(int stageCount)
    {
        _mixture.Rewind();
        for (int n = 1; n <= stageCount; n++)
        {
            _stages[n].Start();
        }
    }

    /// <summary>Step u of the chain: analyse frame u, then stages 1..<paramref name="fullStages"/> on their frames.</summary>
    private void Advance(int u, int fullStages, Action<int, int>? filtered = null)
    {
        int frames = _mixture.FrameCount;
        if (u < frames)
        {
            _mixture.Analyze(u);
        }

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
                Filter(n, v);
                filtered?.Invoke(n, v);
                stage.Observe(_mixture.Frame(v), _spatial ? _mixture.Stereo(v) : default, v, _covariances[n]);
                stage.Slide(v, frames);
            }
            else if (v < frames + _half)
            {
                stage.Slide(v, frames);
            }
        }
    }

    /// <summary>Eq. 7 for frame v with the powers of stage n - 1 (or the initial ones) and R_j^(n-1) (identity for n = 1: the scalar mask).</summary>
    private void Filter(int n, int v)
    {
        ComplexFrame x = _mixture.Frame(v);
        ReadOnlySpan<float> sH, sP;
        if (n == 1)
        {
            FrameKernels.MeanPower(x, 1f / (_mixture.ChannelCount * SourceCount), _initialPower);
            sH = _initialPower;
            sP = _initialPower;
        }
        else
        {
            sH = _stages[n - 1].HarmonicPower;
            sP = _stages[n - 1].PercussivePower(v);
        }

        _stages[n].Filter(x, _spatial ? _mixture.Stereo(v) : default, sH, sP, n == 1 ? null : _covariances[n - 1]);
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
