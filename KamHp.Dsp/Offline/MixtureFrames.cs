using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// The mixture's STFT frames x(t) as the separator's passes read them: analysed from the signal when first needed and
/// kept either for the whole excerpt (when that costs at most <see cref="CacheBudgetBytes"/>, so later passes skip
/// the FFTs) or in a ring of the <c>span</c> most recent frames (memory independent of the excerpt's length: a pass
/// analyses every frame again). Both give the same values bit for bit (<see cref="Stft.AnalyzeFrame"/>).
/// </summary>
internal sealed class MixtureFrames
{
    /// <summary>Largest whole-excerpt spectrum kept between passes, in bytes (about 3 minutes of stereo at 4096/1024).</summary>
    public const long CacheBudgetBytes = 128L << 20;

    private readonly Stft _stft;
    private readonly IReadOnlyList<float[]> _channels;
    private readonly int _bins;
    private readonly int _rows;
    private readonly bool _cached;
    private readonly float[][] _real;
    private readonly float[][] _imag;
    private int _analyzedUpTo = -1;   // cached: frames [0, _analyzedUpTo] hold their spectra

    /// <summary>Prepares the frames of <paramref name="channels"/> (1 or 2, equal lengths).</summary>
    /// <param name="stft">The transform (its settings give the framing).</param>
    /// <param name="channels">The signal.</param>
    /// <param name="span">Frames read at most this far behind the newest analysed one, plus one.</param>
    /// <param name="cacheBytes">Largest whole spectrum to keep, in bytes (0 when there is one pass: nothing to gain).</param>
    public MixtureFrames(Stft stft, IReadOnlyList<float[]> channels, int span, long cacheBytes)
    {
        _stft = stft;
        _channels = channels;
        _bins = stft.Settings.BinCount;
        FrameCount = stft.Settings.FrameCount(channels[0].Length);
        long wholeBytes = (long)FrameCount * _bins * channels.Count * 2 * sizeof(float);
        _cached = wholeBytes <= cacheBytes;
        _rows = _cached ? Math.Max(FrameCount, 1) : span;
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

    /// <summary>Makes frame <paramref name="frame"/> readable; frames are asked for in increasing order within a pass.</summary>
    public void Analyze(int frame)
    {
        if (_cached && frame <= _analyzedUpTo)
        {
            return;
        }

        int offset = Slot(frame);
        for (int c = 0; c < _channels.Count; c++)
        {
            _stft.AnalyzeFrame(_channels[c], frame, _real[c].AsSpan(offset, _bins), _imag[c].AsSpan(offset, _bins));
        }

        _analyzedUpTo = Math.Max(_analyzedUpTo, frame);
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

    private Span<float> Row(float[] values, int offset) => values.AsSpan(offset, _bins);

    private int Slot(int frame) => (_cached ? frame : frame % _rows) * _bins;
}
