using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// Windowed overlap-add of one iteration's harmonic frames into time samples, in frame order, handing each finished
/// piece to an <see cref="IHarmonicSink"/>: an accumulator of one frame per channel instead of an output as long as the
/// excerpt. The additions are those of <see cref="Stft.Synthesize"/> in the same order, so the samples are equal bit
/// for bit.
/// </summary>
/// <remarks>
/// Frames are collected <see cref="MixtureFrames.BatchFrames"/> at a time and the two channels of a batch synthesised on
/// two threads, each with its own transform and accumulator: a channel's additions are the same whichever thread runs
/// them, so the samples do not depend on the number of threads.
/// </remarks>
internal sealed class OverlapAddOutput
{
    /// <summary>Samples per channel handed to the sink at once.</summary>
    public const int PieceLength = 16384;

    private const int BatchFrames = MixtureFrames.BatchFrames;

    private readonly Stft[] _stft;             // one per channel
    private readonly IHarmonicSink _sink;
    private readonly int _iteration;
    private readonly int _length;
    private readonly int _bins;
    private readonly int _hop;
    private readonly float[][] _accumulator;   // per channel: FftSize samples from the next frame's first sample - hop on
    private readonly float[][] _batchReal;     // per channel: BatchFrames x bins
    private readonly float[][] _batchImag;
    private readonly float[][] _finished;      // per channel: BatchFrames x hop finished samples
    private readonly float[][] _piece;
    private readonly SideThread _side;
    private readonly Action _synthesizeLeft;
    private readonly Action _synthesizeRight;
    private int _batchFirst;
    private int _batchCount;
    private int _pieceStart;
    private int _pieceCount;

    /// <summary>Prepares the output of <paramref name="iteration"/> for a signal of <paramref name="length"/> samples.</summary>
    public OverlapAddOutput(Stft stft, int channelCount, int length, int iteration, IHarmonicSink sink, SideThread side)
    {
        _side = side;
        _synthesizeLeft = () => SynthesizeChannel(0);
        _synthesizeRight = () => SynthesizeChannel(1);
        _stft = [stft, .. Enumerable.Range(1, channelCount - 1).Select(_ => new Stft(stft.Settings))];
        _sink = sink;
        _iteration = iteration;
        _length = length;
        _bins = stft.Settings.BinCount;
        _hop = stft.Settings.HopSize;
        _accumulator = new float[channelCount][];
        _batchReal = new float[channelCount][];
        _batchImag = new float[channelCount][];
        _finished = new float[channelCount][];
        _piece = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            _accumulator[c] = new float[stft.Settings.FftSize];
            _batchReal[c] = new float[BatchFrames * _bins];
            _batchImag[c] = new float[BatchFrames * _bins];
            _finished[c] = new float[BatchFrames * _hop];
            _piece[c] = new float[PieceLength];
        }
    }

    /// <summary>Adds frame <paramref name="frame"/> (frames in increasing order from 0); its first hop is then final.</summary>
    public void Add(int frame, ComplexFrame harmonic)
    {
        if (_batchCount == 0)
        {
            _batchFirst = frame;
        }

        for (int c = 0; c < _accumulator.Length; c++)
        {
            harmonic.Real(c).CopyTo(_batchReal[c].AsSpan(_batchCount * _bins));
            harmonic.Imag(c).CopyTo(_batchImag[c].AsSpan(_batchCount * _bins));
        }

        if (++_batchCount == BatchFrames)
        {
            SynthesizeBatch();
        }
    }

    /// <summary>After the last frame <paramref name="lastFrame"/>: the rest of its samples, then the last piece.</summary>
    public void Finish(int lastFrame)
    {
        SynthesizeBatch();
        int n = _stft[0].Settings.FftSize;
        Emit(_accumulator, 0, _stft[0].Settings.FrameStart(lastFrame) + _hop, n - _hop);
        Flush();
    }

    private void SynthesizeBatch()
    {
        if (_batchCount == 0)
        {
            return;
        }

        if (_accumulator.Length == 2)
        {
            _side.Run(_synthesizeRight, _synthesizeLeft);
        }
        else
        {
            SynthesizeChannel(0);
        }

        for (int k = 0; k < _batchCount; k++)
        {
            Emit(_finished, k * _hop, _stft[0].Settings.FrameStart(_batchFirst + k), _hop);
        }

        _batchCount = 0;
    }

    /// <summary>Overlap-adds the batch's frames of one channel; each frame's first hop goes to the finished samples.</summary>
    private void SynthesizeChannel(int channel)
    {
        float[] accumulator = _accumulator[channel];
        int n = accumulator.Length;
        for (int k = 0; k < _batchCount; k++)
        {
            _stft[channel].OverlapAddFrame(_batchReal[channel].AsSpan(k * _bins, _bins), _batchImag[channel].AsSpan(k * _bins, _bins), accumulator);
            accumulator.AsSpan(0, _hop).CopyTo(_finished[channel].AsSpan(k * _hop));
            accumulator.AsSpan(_hop).CopyTo(accumulator);
            accumulator.AsSpan(n - _hop).Clear();
        }
    }

    /// <summary>source[c][offset .. offset + count) are samples [first, first + count) of the signal; keeps those inside it.</summary>
    private void Emit(float[][] source, int offset, long first, int count)
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
            for (int c = 0; c < source.Length; c++)
            {
                source[c].AsSpan(offset + i, take).CopyTo(_piece[c].AsSpan(_pieceCount));
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
