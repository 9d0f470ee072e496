using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using KamHp.Dsp.Streaming;

namespace KamHp.Dsp.Spectral;

/// <summary>
/// The streaming short-time Fourier transform: an input ring per channel that host samples are written into, analysis
/// of frame u (window, FFT) from that ring, and windowed overlap-add synthesis of a frame into an output ring per
/// channel. Frames are addressed by their absolute index (<see cref="StftFraming"/>), never by block position.
/// </summary>
/// <remarks>
/// Both rings hold 2 x FftSize samples: a frame's work may run up to one hop after the frame is complete (the engine
/// spreads it), and the output is read at most FftSize samples behind the newest overlap-added frame. Analysis and
/// synthesis do the offline <see cref="Stft"/>'s float operations in its order (window multiply, then FFT; inverse
/// FFT, then multiply by the synthesis window, then add), so the two agree bit for bit on the same frames.
/// Allocates in the constructor only; not thread-safe.
/// </remarks>
public sealed class StreamingStft
{
    private readonly FftTransform _fft;
    private readonly SampleRing[] _input;
    private readonly SampleRing[] _output;
    private readonly float[] _frame;

    /// <summary>Allocates rings for <paramref name="channelCount"/> channels and the transform of <paramref name="windows"/>.</summary>
    /// <param name="windows">The framing and its windows.</param>
    /// <param name="channelCount">Channels, 1 or more.</param>
    public StreamingStft(WindowPair windows, int channelCount)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channelCount);
        Windows = windows;
        int n = windows.Framing.FftSize;
        _fft = new FftTransform(n);
        _frame = new float[n];
        _input = new SampleRing[channelCount];
        _output = new SampleRing[channelCount];
        for (int c = 0; c < channelCount; c++)
        {
            _input[c] = new SampleRing(2 * n);
            _output[c] = new SampleRing(2 * n);
        }
    }

    /// <summary>The windows (and through them the framing).</summary>
    public WindowPair Windows { get; }

    /// <summary>The frame geometry.</summary>
    public StftFraming Framing => Windows.Framing;

    /// <summary>Channels.</summary>
    public int ChannelCount => _input.Length;

    /// <summary>Writes host samples [firstSample, firstSample + input.Length) of one channel, flushing magnitudes below <paramref name="flushBelow"/>.</summary>
    /// <param name="input">At most 2 x FftSize samples.</param>
    /// <param name="channel">Channel index.</param>
    /// <param name="firstSample">Absolute index of the first sample.</param>
    /// <param name="flushBelow">Magnitude below which a sample becomes zero (denormal protection).</param>
    public void Write(ReadOnlySpan<float> input, int channel, long firstSample, float flushBelow) =>
        _input[channel].Write(input, firstSample, flushBelow);

    /// <summary>
    /// Analyses frame <paramref name="frame"/> of one channel (its last sample must have been written, and no more than
    /// FftSize samples after it): window, then forward FFT into BinCount bins.
    /// </summary>
    /// <param name="frame">Frame index, 0 or more.</param>
    /// <param name="channel">Channel index.</param>
    /// <param name="real">Receives BinCount real parts.</param>
    /// <param name="imag">Receives BinCount imaginary parts.</param>
    public void Analyze(long frame, int channel, Span<float> real, Span<float> imag)
    {
        StftFraming framing = Framing;
        int n = framing.FftSize;
        SampleRing ring = _input[channel];
        long start = ((frame + 1) * framing.HopSize) - n;
        Span<float> head = ring.Contiguous(start, n);
        int first = head.Length;
        ReadOnlySpan<float> window = Windows.Analysis;
        TensorPrimitives.Multiply(head, window[..first], _frame.AsSpan(0, first));
        TensorPrimitives.Multiply(ring.Samples.AsSpan(0, n - first), window[first..], _frame.AsSpan(first));
        _fft.Forward(_frame, real, imag);
    }

    /// <summary>
    /// Inverse FFT of one channel's spectrum of frame <paramref name="frame"/> and windowed overlap-add into the output
    /// ring. Returns false, adding nothing, when the inverse FFT is not finite (overflow from absurd input levels).
    /// Frames must be synthesised in order, each at most once.
    /// </summary>
    /// <param name="frame">Frame index, 0 or more.</param>
    /// <param name="channel">Channel index.</param>
    /// <param name="real">BinCount real parts.</param>
    /// <param name="imag">BinCount imaginary parts.</param>
    public bool Synthesize(long frame, int channel, ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        _fft.Inverse(real, imag, _frame);
        if (!SampleKernels.AllFinite(_frame))
        {
            return false;
        }

        StftFraming framing = Framing;
        int n = framing.FftSize, hop = framing.HopSize;
        SampleRing ring = _output[channel];

        // Frame v is the first to touch its last hop [v·Hop, v·Hop + Hop): clear those slots (they held old samples).
        // The ring length is a multiple of the hop: never wraps.
        ring.Contiguous(frame * hop, hop).Clear();
        long start = (frame * hop) - n + hop;
        Span<float> head = ring.Contiguous(start, n);
        int first = head.Length;
        ReadOnlySpan<float> window = Windows.Synthesis;
        OverlapAdd(_frame.AsSpan(0, first), window[..first], head);
        if (first < n)
        {
            OverlapAdd(_frame.AsSpan(first), window[first..], ring.Samples.AsSpan(0, n - first));
        }

        return true;
    }

    /// <summary>The overlap-add output of one channel: sample s is final once frame (s + OutputSamples) / Hop - 1 has been synthesised.</summary>
    /// <param name="channel">Channel index.</param>
    public SampleRing Output(int channel) => _output[channel];

    /// <summary>Clears both rings (real-time safe).</summary>
    public void Clear()
    {
        foreach (SampleRing ring in _input)
        {
            ring.Clear();
        }

        foreach (SampleRing ring in _output)
        {
            ring.Clear();
        }
    }

    /// <summary>destination += frame x window, multiply then add (two roundings, as the offline <see cref="Stft"/> does).</summary>
    private static void OverlapAdd(ReadOnlySpan<float> frame, ReadOnlySpan<float> window, Span<float> destination)
    {
        int i = 0;
        ref float f = ref MemoryMarshal.GetReference(frame);
        ref float w = ref MemoryMarshal.GetReference(window);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= frame.Length; i += 8)
            {
                Vector256<float> product = Vector256.LoadUnsafe(ref f, (nuint)i) * Vector256.LoadUnsafe(ref w, (nuint)i);
                (Vector256.LoadUnsafe(ref d, (nuint)i) + product).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < frame.Length; i++)
        {
            destination[i] += frame[i] * window[i];
        }
    }
}
