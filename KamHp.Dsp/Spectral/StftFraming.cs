namespace KamHp.Dsp.Spectral;

/// <summary>
/// The frame geometry of a streaming STFT: FFT size, hop, and how many samples at the end of each frame its synthesis
/// window covers (the "output part", which sets the latency). A value, so that a latency can be computed on the audio
/// thread without allocating; <see cref="WindowPair"/> holds the windows themselves.
/// </summary>
/// <remarks>
/// <para>Framing convention (as <see cref="StftSettings"/>): frame <c>t</c> covers input samples
/// <c>[(t+1)·HopSize - FftSize, (t+1)·HopSize)</c> and is analysed once its last sample has arrived.</para>
/// <para>Latency: output sample s is final once the last frame whose synthesis window covers it has been overlap-added.
/// With a synthesis window that is zero except on the last <see cref="OutputSamples"/> samples of the frame (a multiple
/// of the hop), the earliest sample a frame completes is <c>OutputSamples - 1</c> samples older than the frame's last
/// sample: <see cref="LatencySamples"/>. Symmetric windows (periodic Hann) cover the whole frame: FftSize - 1. An
/// asymmetric pair (long analysis window, short synthesis window) keeps the frequency resolution and cuts the latency.</para>
/// </remarks>
public readonly record struct StftFraming
{
    /// <summary>Smallest FFT size a framing may have, in samples.</summary>
    public const int MinFftSize = 16;

    /// <summary>Creates a framing and validates it.</summary>
    /// <param name="fftSize">FFT size in samples: a power of two, <see cref="MinFftSize"/>..<see cref="StftSettings.MaxFftSize"/>.</param>
    /// <param name="hopSize">Hop in samples: positive, dividing <paramref name="fftSize"/>.</param>
    /// <param name="outputSamples">Samples at the end of a frame the synthesis window covers: a multiple of the hop, hop..fftSize.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value outside those ranges.</exception>
    public StftFraming(int fftSize, int hopSize, int outputSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, MinFftSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fftSize, StftSettings.MaxFftSize);
        if (!int.IsPow2(fftSize))
        {
            throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "FFT size must be a power of two.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSize);
        if (fftSize % hopSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hopSize), hopSize, "Hop must divide the FFT size.");
        }

        if (outputSamples < hopSize || outputSamples > fftSize || outputSamples % hopSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputSamples), outputSamples, "Output part must be a multiple of the hop, hop..FFT size.");
        }

        FftSize = fftSize;
        HopSize = hopSize;
        OutputSamples = outputSamples;
    }

    /// <summary>FFT (frame) size in samples.</summary>
    public int FftSize { get; }

    /// <summary>Hop between frames in samples.</summary>
    public int HopSize { get; }

    /// <summary>Samples at the end of a frame on which the synthesis window is non-zero (a multiple of the hop).</summary>
    public int OutputSamples { get; }

    /// <summary>Bins per frame, FftSize / 2 + 1.</summary>
    public int BinCount => (FftSize / 2) + 1;

    /// <summary>Latency of analysis plus overlap-add synthesis, in samples: OutputSamples - 1.</summary>
    public int LatencySamples => OutputSamples - 1;

    /// <summary>
    /// The paper's framing at <paramref name="sampleRateHz"/>: periodic Hann windows of about 93 ms
    /// (<see cref="StftSettings.FftSizeForRate"/>), hop <see cref="StftSettings.DefaultHop"/>, the whole frame output.
    /// </summary>
    /// <param name="sampleRateHz">Sample rate in Hz, positive.</param>
    public static StftFraming Symmetric(double sampleRateHz)
    {
        int fftSize = StftSettings.FftSizeForRate(sampleRateHz);
        return new StftFraming(fftSize, StftSettings.DefaultHop(fftSize), fftSize);
    }
}
