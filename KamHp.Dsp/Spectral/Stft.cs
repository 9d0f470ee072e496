using System.Numerics.Tensors;

namespace KamHp.Dsp.Spectral;

/// <summary>
/// Offline short-time Fourier transform with periodic-Hann analysis and least-squares overlap-add synthesis,
/// so that <see cref="Synthesize"/> after <see cref="Analyze"/> returns the input (to float precision).
/// Framing as documented on <see cref="StftSettings"/>.
/// </summary>
public sealed class Stft
{
    private readonly FftTransform _fft;
    private readonly float[] _analysisWindow;
    private readonly float[] _synthesisWindow;
    private readonly float[] _frame;

    /// <summary>Prepares the transform for <paramref name="settings"/>.</summary>
    public Stft(StftSettings settings)
    {
        Settings = settings;
        _fft = new FftTransform(settings.FftSize);
        _analysisWindow = new float[settings.FftSize];
        _synthesisWindow = new float[settings.FftSize];
        _frame = new float[settings.FftSize];
        Windows.PeriodicHann(_analysisWindow);
        Windows.SynthesisWindow(_analysisWindow, settings.HopSize, _synthesisWindow);
    }

    /// <summary>The frame geometry.</summary>
    public StftSettings Settings { get; }

    /// <summary>Analyses planar channels into a new spectrogram of <see cref="StftSettings.FrameCount"/> frames.</summary>
    /// <param name="channels">One array per channel, all the same length.</param>
    public Spectrogram Analyze(IReadOnlyList<float[]> channels)
    {
        ArgumentOutOfRangeException.ThrowIfZero(channels.Count);
        int length = channels[0].Length;
        foreach (float[] channel in channels)
        {
            if (channel.Length != length)
            {
                throw new ArgumentException("All channels must have the same length.", nameof(channels));
            }
        }

        var spectrogram = new Spectrogram(channels.Count, Settings.FrameCount(length), Settings.BinCount);
        for (int c = 0; c < channels.Count; c++)
        {
            AnalyzeChannel(channels[c], spectrogram.Real[c], spectrogram.Imag[c], spectrogram.FrameCount);
        }

        return spectrogram;
    }

    /// <summary>Resynthesises one channel of a spectrogram by windowed overlap-add.</summary>
    /// <param name="real">Real parts, frame-major, FrameCount x BinCount.</param>
    /// <param name="imag">Imaginary parts, same layout.</param>
    /// <param name="frameCount">Number of frames in the arrays.</param>
    /// <param name="destination">Receives the signal; its length is the original signal length.</param>
    public void Synthesize(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int frameCount, Span<float> destination)
    {
        int n = Settings.FftSize;
        int bins = Settings.BinCount;
        destination.Clear();
        for (int t = 0; t < frameCount; t++)
        {
            _fft.Inverse(real.Slice(t * bins, bins), imag.Slice(t * bins, bins), _frame);
            long start = Settings.FrameStart(t);
            int from = (int)Math.Max(0, -start);
            int to = (int)Math.Min(n, destination.Length - start);
            if (to > from)
            {
                Span<float> target = destination.Slice((int)(start + from), to - from);
                TensorPrimitives.MultiplyAdd(_frame.AsSpan(from, to - from), _synthesisWindow.AsSpan(from, to - from), target, target);
            }
        }
    }

    /// <summary>
    /// Analyses frame <paramref name="frame"/> of one channel (samples outside the signal are zero): the same values
    /// <see cref="Analyze"/> gives for that frame, bit for bit.
    /// </summary>
    /// <param name="signal">The whole channel.</param>
    /// <param name="frame">Frame index, 0 or more.</param>
    /// <param name="real">Receives BinCount real parts.</param>
    /// <param name="imag">Receives BinCount imaginary parts.</param>
    public void AnalyzeFrame(ReadOnlySpan<float> signal, long frame, Span<float> real, Span<float> imag)
    {
        int n = Settings.FftSize;
        long start = Settings.FrameStart(frame);
        int from = (int)Math.Clamp(-start, 0, n);
        int to = (int)Math.Clamp(signal.Length - start, from, n);
        _frame.AsSpan(0, from).Clear();
        _frame.AsSpan(to).Clear();
        TensorPrimitives.Multiply(signal.Slice((int)(start + from), to - from), _analysisWindow.AsSpan(from, to - from), _frame.AsSpan(from, to - from));
        _fft.Forward(_frame, real, imag);
    }

    /// <summary>
    /// Overlap-adds one frame: inverse FFT, then accumulator = frame x synthesis window + accumulator over all FftSize
    /// samples, the operation <see cref="Synthesize"/> performs on the part of a frame inside the signal.
    /// </summary>
    /// <param name="real">BinCount real parts.</param>
    /// <param name="imag">BinCount imaginary parts.</param>
    /// <param name="accumulator">FftSize samples: the output from the frame's first sample on.</param>
    public void OverlapAddFrame(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> accumulator)
    {
        _fft.Inverse(real, imag, _frame);
        TensorPrimitives.MultiplyAdd(_frame, _synthesisWindow, accumulator, accumulator);
    }

    private void AnalyzeChannel(float[] signal, float[] real, float[] imag, int frameCount)
    {
        int bins = Settings.BinCount;
        for (int t = 0; t < frameCount; t++)
        {
            AnalyzeFrame(signal, t, real.AsSpan(t * bins, bins), imag.AsSpan(t * bins, bins));
        }
    }
}
