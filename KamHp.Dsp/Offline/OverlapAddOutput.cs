using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// Windowed overlap-add of one iteration's harmonic frames into time samples, in frame order, handing each finished
/// piece to an <see cref="IHarmonicSink"/>: an accumulator of one frame per channel instead of an output as long as the
/// excerpt. The additions are those of <see cref="Stft.Synthesize"/> in the same order, so the samples are equal bit
/// for bit.
/// </summary>
/// <remarks>
/// Frames are collected a batch at a time, each worker copying its share of the bins,
/// and the two channels of a batch synthesised by the two workers, each with its own transform and accumulator: a
/// channel's additions are the same whichever worker runs them, so the samples do not depend on the number of workers.
/// Batches end at fixed frames (a function of the frame index), so the workers agree without sharing state. Only
/// worker 0 (the calling thread) hands pieces to the sink.
/// </remarks>
internal sealed class OverlapAddOutput
{
    /// <summary>Samples per channel handed to the sink at once.</summary>
    public const int PieceLength = 16384;

    private readonly Stft[] _stft;             // one per channel
    private readonly IHarmonicSink _sink;
    private readonly int _iteration;
    private readonly int _length;
    private readonly int _bins;
    private readonly int _hop;
    private readonly int _lastFrame;
    private readonly int _batchFrames;
    private readonly float[][] _accumulator;   // per channel: FftSize samples from the next frame's first sample - hop on
    private readonly float[][] _batchReal;     // per channel: 2 batches x bins (frames of the next batch arrive before this one is synthesised)
    private readonly float[][] _batchImag;
    private readonly float[][] _finished;      // per channel: 2 batches x hop finished samples (one worker may synthesise the next batch while worker 0 emits)
    private readonly float[][] _piece;
    private int _pieceStart;
    private int _pieceCount;

    /// <summary>Prepares the output of <paramref name="iteration"/> for a signal of <paramref name="length"/> samples in <paramref name="frameCount"/> frames.</summary>
    /// <param name="stft">The transform.</param>
    /// <param name="channelCount">1 or 2.</param>
    /// <param name="length">Samples per channel.</param>
    /// <param name="frameCount">Frames of the excerpt.</param>
    /// <param name="batchFrames">Frames synthesised together; as many frames may be added before a batch is synthesised.</param>
    /// <param name="iteration">The iteration whose estimates these are.</param>
    /// <param name="sink">Receives the pieces.</param>
    public OverlapAddOutput(Stft stft, int channelCount, int length, int frameCount, int batchFrames, int iteration, IHarmonicSink sink)
    {
        _batchFrames = batchFrames;
        _stft = [stft, .. Enumerable.Range(1, channelCount - 1).Select(_ => new Stft(stft.Settings))];
        _sink = sink;
        _iteration = iteration;
        _length = length;
        _lastFrame = frameCount - 1;
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
            _batchReal[c] = new float[2 * _batchFrames * _bins];
            _batchImag[c] = new float[2 * _batchFrames * _bins];
            _finished[c] = new float[2 * _batchFrames * _hop];
            _piece[c] = new float[PieceLength];
        }
    }

    /// <summary>
    /// Copies the bins of <paramref name="range"/> of frame <paramref name="frame"/> (frames in increasing order from 0)
    /// into its batch; up to a batch of frames of the next batch may arrive before this
    /// one is synthesised.
    /// </summary>
    public void Add(int frame, ComplexFrame harmonic, BinRange range)
    {
        int offset = (frame % (2 * _batchFrames) * _bins) + range.Start;
        for (int c = 0; c < _accumulator.Length; c++)
        {
            harmonic.Real(c).Slice(range.Start, range.Count).CopyTo(_batchReal[c].AsSpan(offset));
            harmonic.Imag(c).Slice(range.Start, range.Count).CopyTo(_batchImag[c].AsSpan(offset));
        }
    }

    /// <summary>Whether the batch is complete once frame <paramref name="frame"/> has been added.</summary>
    public bool EndsBatch(int frame) => frame % _batchFrames == _batchFrames - 1 || frame == _lastFrame;

    /// <summary>
    /// Worker <paramref name="worker"/>'s share of synthesising the batch that <paramref name="frame"/> completed (every
    /// worker has added its bins): one channel each with two workers and two channels, else all by worker 0.
    /// </summary>
    public void Synthesize(int frame, int worker, int workerCount)
    {
        int first = frame - (frame % _batchFrames);
        int count = frame - first + 1;
        for (int c = 0; c < _accumulator.Length; c++)
        {
            int owner = workerCount == 2 && _accumulator.Length == 2 ? c : 0;
            if (owner == worker)
            {
                SynthesizeChannel(c, first % (2 * _batchFrames), count, FinishedOffset(first));
            }
        }
    }

    /// <summary>Worker 0, once every worker has synthesised the batch that <paramref name="frame"/> completed: its finished samples to the sink.</summary>
    public void Emit(int frame)
    {
        int first = frame - (frame % _batchFrames);
        int offset = FinishedOffset(first);
        for (int k = 0; first + k <= frame; k++)
        {
            Emit(_finished, offset + (k * _hop), _stft[0].Settings.FrameStart(first + k), _hop);
        }
    }

    /// <summary>After the last frame's batch has been emitted: the rest of its samples, then the last piece.</summary>
    public void Finish()
    {
        int n = _stft[0].Settings.FftSize;
        Emit(_accumulator, 0, _stft[0].Settings.FrameStart(_lastFrame) + _hop, n - _hop);
        Flush();
    }

    /// <summary>Overlap-adds the batch's frames of one channel; each frame's first hop goes to the finished samples.</summary>
    private void SynthesizeChannel(int channel, int firstSlot, int count, int finishedOffset)
    {
        float[] accumulator = _accumulator[channel];
        int n = accumulator.Length;
        for (int k = 0; k < count; k++)
        {
            int row = (firstSlot + k) * _bins;
            _stft[channel].OverlapAddFrame(_batchReal[channel].AsSpan(row, _bins), _batchImag[channel].AsSpan(row, _bins), accumulator);
            accumulator.AsSpan(0, _hop).CopyTo(_finished[channel].AsSpan(finishedOffset + (k * _hop)));
            accumulator.AsSpan(_hop).CopyTo(accumulator);
            accumulator.AsSpan(n - _hop).Clear();
        }
    }
    /// <summary>Where the finished samples of the batch starting at <paramref name="first"/> go: alternate halves for alternate batches.</summary>
    private int FinishedOffset(int first) => first / _batchFrames % 2 * _batchFrames * _hop;

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
