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
/// Frames are analysed <see cref="BatchFrames"/> at a time (all at once when kept), the two channels of a stereo
/// excerpt on two threads, each with its own transform: a channel's frames are the same operations whichever thread
/// runs them, so the values do not depend on the number of threads.
/// </remarks>
internal sealed class MixtureFrames
{
    /// <summary>Largest whole-excerpt spectrum kept between passes, in bytes (about 3 minutes of stereo at 4096/1024).</summary>
    public const long CacheBudgetBytes = 128L << 20;

    /// <summary>Frames analysed at once ahead of the chain (one hand-over to the second thread per batch).</summary>
    public const int BatchFrames = 32;

    private readonly Stft[] _stft;   // one per channel
    private readonly IReadOnlyList<float[]> _channels;
    private readonly int _bins;
    private readonly int _rows;
    private readonly bool _cached;
    private readonly float[][] _real;
    private readonly float[][] _imag;
    private readonly SideThread _side;
    private readonly Action _analyzeLeft;
    private readonly Action _analyzeRight;
    private int _analyzedEnd;        // frames [.., _analyzedEnd) are analysed (in this pass, for the ring)
    private int _batchFrom;

    /// <summary>Prepares the frames of <paramref name="channels"/> (1 or 2, equal lengths).</summary>
    /// <param name="stft">The transform (its settings give the framing).</param>
    /// <param name="channels">The signal.</param>
    /// <param name="span">Frames read at most this far behind the newest analysed one, plus one.</param>
    /// <param name="cacheBytes">Largest whole spectrum to keep, in bytes (0 when there is one pass: nothing to gain).</param>
    /// <param name="side">The thread the second channel is analysed on.</param>
    public MixtureFrames(Stft stft, IReadOnlyList<float[]> channels, int span, long cacheBytes, SideThread side)
    {
        _side = side;
        _analyzeLeft = () => AnalyzeChannel(0, _batchFrom, _analyzedEnd);
        _analyzeRight = () => AnalyzeChannel(1, _batchFrom, _analyzedEnd);
        _stft = [stft, .. Enumerable.Range(1, channels.Count - 1).Select(_ => new Stft(stft.Settings))];
        _channels = channels;
        _bins = stft.Settings.BinCount;
        FrameCount = stft.Settings.FrameCount(channels[0].Length);
        long wholeBytes = (long)FrameCount * _bins * channels.Count * 2 * sizeof(float);
        _cached = wholeBytes <= cacheBytes;
        _rows = _cached ? Math.Max(FrameCount, 1) : span + BatchFrames;
        _real = new float[channels.Count][];
        _imag = new float[channels.Count][];
        for (int c = 0; c < channels.Count; c++)
        {
            _real[c] = new float[_rows * _bins];
            _imag[c] = new float[_rows * _bins];
        }
    }

    /// <summary>Frames of the excerpt.</summary>
    public int FrameCount { get; }

    /// <summary>Channels, 1 or 2.</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Before a pass: the ring's frames are analysed again (kept frames stay).</summary>
    public void Rewind()
    {
        if (!_cached)
        {
            _analyzedEnd = 0;
        }
    }

    /// <summary>
    /// Makes frame <paramref name="frame"/> readable: frames are asked for one after the other from 0 within a pass,
    /// and the <see cref="BatchFrames"/> from it (all frames when kept) are analysed together.
    /// </summary>
    public void Analyze(int frame)
    {
        if (frame < _analyzedEnd)
        {
            return;
        }

        _batchFrom = frame;
        _analyzedEnd = _cached ? FrameCount : Math.Min(FrameCount, frame + BatchFrames);
        if (_channels.Count == 2)
        {
            _side.Run(_analyzeRight, _analyzeLeft);
        }
        else
        {
            _analyzeLeft();
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

    private void AnalyzeChannel(int channel, int from, int to)
    {
        for (int t = from; t < to; t++)
        {
            int offset = Slot(t);
            _stft[channel].AnalyzeFrame(_channels[channel], t, _real[channel].AsSpan(offset, _bins), _imag[channel].AsSpan(offset, _bins));
        }
    }

    private Span<float> Row(float[] values, int offset) => values.AsSpan(offset, _bins);

    private int Slot(int frame) => (_cached ? frame : frame % _rows) * _bins;
}
