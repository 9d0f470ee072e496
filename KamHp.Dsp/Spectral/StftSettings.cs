namespace KamHp.Dsp.Spectral;

/// <summary>
/// Frame geometry of a short-time Fourier transform: FFT size and hop, both in samples.
/// </summary>
/// <remarks>
/// Framing convention shared by the offline and the streaming code: frame <c>t</c> covers input samples
/// <c>[t*HopSize - (FftSize - HopSize), t*HopSize + HopSize)</c>, so it ends at sample <c>(t+1)*HopSize - 1</c>
/// and can be analysed as soon as that sample has arrived. Samples outside the signal are zero.
/// </remarks>
public readonly record struct StftSettings
{
    /// <summary>Smallest supported FFT size, in samples.</summary>
    public const int MinFftSize = SeparationDefaults.MinFftSize;

    /// <summary>Largest supported FFT size, in samples.</summary>
    public const int MaxFftSize = SeparationDefaults.MaxFftSize;

    /// <summary>Creates settings and validates them.</summary>
    /// <param name="fftSize">FFT size in samples: a power of two, 512..16384.</param>
    /// <param name="hopSize">Hop in samples: FftSize/2, FftSize/4 or FftSize/8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size outside the supported set.</exception>
    public StftSettings(int fftSize, int hopSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, MinFftSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fftSize, MaxFftSize);
        if (!int.IsPow2(fftSize))
        {
            throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "FFT size must be a power of two.");
        }

        if (!IsAllowedHop(fftSize, hopSize))
        {
            throw new ArgumentOutOfRangeException(nameof(hopSize), hopSize, "Hop must be FftSize/2, /4 or /8.");
        }

        FftSize = fftSize;
        HopSize = hopSize;
    }

    /// <summary>The paper's setting at 44.1 kHz: 4096-sample frames, 1024-sample hop.</summary>
    public static StftSettings Paper => new(SeparationDefaults.PaperFftSize, SeparationDefaults.PaperHopSize);

    /// <summary>FFT (frame) size in samples.</summary>
    public int FftSize { get; }

    /// <summary>Hop between frames in samples.</summary>
    public int HopSize { get; }

    /// <summary>Number of frequency bins, FftSize/2 + 1 (DC to Nyquist).</summary>
    public int BinCount => (FftSize / 2) + 1;

    /// <summary>True for the hops the offline STFT supports: FftSize / 2, / 4 or / 8.</summary>
    /// <param name="fftSize">FFT size in samples.</param>
    /// <param name="hopSize">Hop in samples.</param>
    public static bool IsAllowedHop(int fftSize, int hopSize) =>
        hopSize == fftSize / 2 || hopSize == fftSize / 4 || hopSize == fftSize / 8;

    /// <summary>The hop rule: FftSize / <see cref="SeparationDefaults.HopDivisor"/> (the paper's 75% overlap).</summary>
    /// <param name="fftSize">FFT size in samples.</param>
    public static int DefaultHop(int fftSize) => fftSize / SeparationDefaults.HopDivisor;

    /// <summary>Number of frames that cover a signal of <paramref name="sampleCount"/> samples completely.</summary>
    /// <param name="sampleCount">Signal length in samples, 0 or more.</param>
    public int FrameCount(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        return sampleCount == 0 ? 0 : ((sampleCount - 1 + FftSize - HopSize) / HopSize) + 1;
    }

    /// <summary>First input sample covered by frame <paramref name="frame"/> (may be negative).</summary>
    public long FrameStart(long frame) => (frame * HopSize) - (FftSize - HopSize);

    /// <summary>
    /// FFT size that keeps the paper's window length (4096 samples at 44.1 kHz, about 93 ms) at another rate:
    /// the power of two nearest to 0.0929 s x rate, clamped to 512..16384.
    /// </summary>
    /// <param name="sampleRateHz">Sample rate in Hz, positive.</param>
    public static int FftSizeForRate(double sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        double ideal = SeparationDefaults.PaperFftSize * sampleRateHz / SeparationDefaults.PaperSampleRateHz;
        int size = (int)Math.Pow(2, Math.Round(Math.Log2(ideal)));
        return Math.Clamp(size, MinFftSize, MaxFftSize);
    }
}
