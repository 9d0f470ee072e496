using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// Windowed overlap-add of one iteration's harmonic frames into time samples, in frame order, handing each finished
/// piece to an <see cref="IHarmonicSink"/>: an accumulator of one frame per channel instead of an output as long as the
/// excerpt. The additions are those of <see cref="Stft.Synthesize"/> in the same order, so the samples are equal bit
/// for bit.
/// </summary>
internal sealed class OverlapAddOutput
{
    /// <summary>Samples per channel handed to the sink at once.</summary>
    public const int PieceLength = 16384;

    private readonly Stft _stft;
    private readonly IHarmonicSink _sink;
    private readonly int _iteration;
    private readonly int _length;
    private readonly float[][] _accumulator;   // samples [FrameStart(next frame) - hop, ... + FftSize)
    private readonly float[][] _piece;
    private int _pieceStart;
    private int _pieceCount;

    /// <summary>Prepares the output of <paramref name="iteration"/> for a signal of <paramref name="length"/> samples.</summary>
    public OverlapAddOutput(Stft stft, int channelCount, int length, int iteration, IHarmonicSink sink)
    {
        _stft = stft;
        _sink = sink;
        _iteration = iteration;
        _length = length;
        _accumulator = new float[channelCount][];
        _piece = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            _accumulator[c] = new float[stft.Settings.FftSize];
            _piece[c] = new float[PieceLength];
        }
    }

    /// <summary>Adds frame <paramref name="frame"/> (frames in increasing order from 0); its first hop is then final.</summary>
    public void Add(int frame, ComplexFrame harmonic)
    {
        int n = _stft.Settings.FftSize, hop = _stft.Settings.HopSize;
        for (int c = 0; c < _accumulator.Length; c++)
        {
            _stft.OverlapAddFrame(harmonic.Real(c), harmonic.Imag(c), _accumulator[c]);
        }

        Emit(_stft.Settings.FrameStart(frame), hop);
        for (int c = 0; c < _accumulator.Length; c++)
        {
            _accumulator[c].AsSpan(hop).CopyTo(_accumulator[c]);
            _accumulator[c].AsSpan(n - hop).Clear();
        }
    }

    /// <summary>After the last frame <paramref name="lastFrame"/>: the rest of its samples, then the last piece.</summary>
    public void Finish(int lastFrame)
    {
        int n = _stft.Settings.FftSize, hop = _stft.Settings.HopSize;
        Emit(_stft.Settings.FrameStart(lastFrame) + hop, n - hop);
        Flush();
    }

    /// <summary>Accumulator samples [0, count) are samples [first, first + count) of the signal; keeps those inside it.</summary>
    private void Emit(long first, int count)
    {
        int from = (int)Math.Clamp(-first, 0, count);
        int to = (int)Math.Clamp(_length - first, from, count);
        int i = from;
        while (i < to)
        {
            if (_pieceCount == 0)
            {
                _pieceStart = (int)(first + i);
            }

            int take = Math.Min(to - i, PieceLength - _pieceCount);
            for (int c = 0; c < _accumulator.Length; c++)
            {
                _accumulator[c].AsSpan(i, take).CopyTo(_piece[c].AsSpan(_pieceCount));
            }

            _pieceCount += take;
            i += take;
            if (_pieceCount == PieceLength)
            {
                Flush();
            }
        }
    }

    private void Flush()
    {
        if (_pieceCount > 0)
        {
            _sink.Accept(_iteration, _pieceStart, _pieceCount, _piece);
            _pieceCount = 0;
        }
    }
}
