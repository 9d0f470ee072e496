using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// The mixture's STFT frames x(t) as the separator's passes read them: analysed from the signal when first needed and
/// kept either for the whole excerpt (when that costs at most <see cref="CacheBudgetBytes"/>, so later passes skip
/// the FFTs) or in a ring of the <c>span</c> most recent frames (memory independent of the excerpt's length: a pass
/// analyses every frame again). Both give the same values bit for bit (<see cref="Stft.AnalyzeFrame"/>).
/// </summary>
/// <remarks>
/// Frames are analysed <see cref="BatchFrames"/> at a time (all at once when kept) by both workers of the separation
/// (<see cref="LockstepWorkers"/>): the two channels of a stereo excerpt one each, a mono excerpt's frames in two
/// halves, each worker with its own transform. A frame's values are the same operations whichever worker computes
/// them, so they do not depend on the number of workers. Whether a step starts a batch is a function of the frame
/// index alone, so both workers agree without sharing state.
/// </remarks>
internal sealed class MixtureFrames
{
    /// <summary>Largest whole-excerpt spectrum kept between passes, in bytes (about 3 minutes of stereo at 4096/1024).</summary>
    public const long CacheBudgetBytes = 128L << 20;

    /// <summary>Frames analysed at once ahead of the chain (one hand-over between the workers per batch).</summary>
    public const int BatchFrames = 32;

    private readonly Stft[] _stft;   // one per worker
    private readonly IReadOnlyList<float[]> _channels;
    private readonly int _bins;
    private readonly int _rows;
    private readonly int _batch;
    private readonly bool _cached;
    private readonly AlignedFloats[] _real;
    private readonly AlignedFloats[] _imag;
    private bool _analyzeInThisPass = true;
    private bool _analyzedOnce;

    /// <summary>Prepares the frames of <paramref name="channels"/> (1 or 2, equal lengths).</summary>
    /// <param name="stft">The transform (its settings give the framing).</param>
    /// <param name="channels">The signal.</param>
    /// <param name="span">Frames read at most this far behind the newest analysed one, plus one.</param>
    /// <param name="cacheBytes">Largest whole spectrum to keep, in bytes (0 when there is one pass: nothing to gain).</param>
    /// <param name="workerCount">Workers that analyse (1 or 2).</param>
    public MixtureFrames(Stft stft, IReadOnlyList<float[]> channels, int span, long cacheBytes, int workerCount)
    {
        _stft = [stft, .. Enumerable.Range(1, Math.Max(channels.Count, workerCount) - 1).Select(_ => new Stft(stft.Settings))];
        _channels = channels;
        _bins = stft.Settings.BinCount;
        FrameCount = stft.Settings.FrameCount(channels[0].Length);
        long wholeBytes = (long)FrameCount * _bins * channels.Count * 2 * sizeof(float);
        _cached = wholeBytes <= cacheBytes;
        _rows = _cached ? Math.Max(FrameCount, 1) : span + BatchFrames;
        _batch = _cached ? Math.Max(FrameCount, 1) : BatchFrames;
        _real = new AlignedFloats[channels.Count];
        _imag = new AlignedFloats[channels.Count];
        for (int c = 0; c < channels.Count; c++)
        {
            _real[c] = LargeArrays.Allocate(_rows * _bins);
            _imag[c] = LargeArrays.Allocate(_rows * _bins);
        }
    }

    /// <summary>Frames of the excerpt.</summary>
    public int FrameCount { get; }

    /// <summary>Channels, 1 or 2.</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Before a pass (one thread): the ring's frames are analysed again; kept frames only in the first pass.</summary>
    public void Rewind()
    {
        _analyzeInThisPass = !_cached || !_analyzedOnce;
        _analyzedOnce = true;
    }

    /// <summary>Whether step <paramref name="frame"/> of a pass starts a batch (frames are asked for in order from 0).</summary>
    public bool StartsBatch(int frame) => _analyzeInThisPass && frame < FrameCount && frame % _batch == 0;

    /// <summary>
    /// Worker <paramref name="worker"/>'s share of the batch starting at <paramref name="frame"/>; the frames are readable
    /// once every worker has done its share.
    /// </summary>
    public void AnalyzeBatch(int frame, int worker, int workerCount)
    {
        int end = Math.Min(FrameCount, frame + _batch);
        if (workerCount == 1)
        {
            for (int c = 0; c < _channels.Count; c++)
            {
                AnalyzeChannel(c, c, frame, end);
            }
        }
        else if (_channels.Count == 2)
        {
            AnalyzeChannel(worker, worker, frame, end);
        }
        else
        {
            int middle = frame + ((end - frame) / 2);
            AnalyzeChannel(0, worker, worker == 0 ? frame : middle, worker == 0 ? middle : end);
        }
    }

    /// <summary>x(t) of an analysed frame still within the span.</summary>
    public ComplexFrame Frame(int frame)
    {
        int offset = Slot(frame);
        return _channels.Count == 2
            ? new ComplexFrame(Row(_real[0], offset), Row(_imag[0], offset), Row(_real[1], offset), Row(_imag[1], offset))
            : new ComplexFrame(Row(_real[0], offset), Row(_imag[0], offset));
    }

    /// <summary>x(t) of a stereo frame as a <see cref="StereoRow"/>.</summary>
    public StereoRow Stereo(int frame)
    {
        int offset = Slot(frame);
        return new StereoRow(Row(_real[0], offset), Row(_imag[0], offset), Row(_real[1], offset), Row(_imag[1], offset));
    }

    private void AnalyzeChannel(int channel, int transform, int from, int to)
    {
        for (int t = from; t < to; t++)
        {
            int offset = Slot(t);
            _stft[transform].AnalyzeFrame(_channels[channel], t, _real[channel].Slice(offset, _bins), _imag[channel].Slice(offset, _bins));
        }
    }

    private Span<float> Row(AlignedFloats values, int offset) => values.Slice(offset, _bins);

    private int Slot(int frame) => (_cached ? frame : frame % _rows) * _bins;
}
