namespace KamHp.Dsp.Separation;

/// <summary>
/// Conversions between the median kernels' physical sizes (seconds, Hz) and their odd counts of frames and
/// bins. The paper's setting at 44.1 kHz (17 frames of hop 1024, 17 bins of a 4096-point FFT) is 0.395 s and 183 Hz.
/// </summary>
public static class KernelSizes
{
    /// <summary>Smallest kernel count.</summary>
    public const int MinCount = SeparationDefaults.MinKernelCount;

    /// <summary>Largest kernel count (the median network's capacity).</summary>
    public const int MaxCount = SeparationDefaults.MaxKernelCount;

    /// <summary>The paper's harmonic kernel, 17 frames x 1024 / 44100 Hz, in seconds.</summary>
    public const double PaperHarmonicKernelSeconds = SeparationDefaults.HarmonicKernelSeconds;

    /// <summary>The paper's percussive kernel, 17 bins x 44100 / 4096 Hz, in Hz.</summary>
    public const double PaperPercussiveKernelHz = SeparationDefaults.PercussiveKernelHz;

    /// <summary>Rounds a positive count to the nearest odd integer, clamped to 3..63.</summary>
    /// <param name="count">The ideal count, positive.</param>
    public static int NearestOdd(double count)
    {
        if (!double.IsFinite(count) || count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Kernel size must be positive.");
        }

        int odd = (2 * (int)Math.Round((count - 1) / 2, MidpointRounding.AwayFromZero)) + 1;
        return Math.Clamp(odd, MinCount, MaxCount);
    }

    /// <summary>Harmonic kernel in frames for a length in seconds: seconds x rate / hop, nearest odd.</summary>
    /// <param name="seconds">Kernel length in seconds, positive.</param>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <param name="hopSize">Hop in samples.</param>
    public static int HarmonicFrames(double seconds, double sampleRateHz, int hopSize) =>
        NearestOdd(IdealHarmonicFrames(seconds, sampleRateHz, hopSize));

    /// <summary>Percussive kernel in bins for a width in Hz: Hz x FFT size / rate, nearest odd.</summary>
    /// <param name="widthHz">Kernel width in Hz, positive.</param>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <param name="fftSize">FFT size in samples.</param>
    public static int PercussiveBins(double widthHz, double sampleRateHz, int fftSize) =>
        NearestOdd(IdealPercussiveBins(widthHz, sampleRateHz, fftSize));

    /// <summary>The harmonic kernel in frames before rounding: seconds x rate / hop.</summary>
    /// <param name="seconds">Kernel length in seconds.</param>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <param name="hopSize">Hop in samples.</param>
    public static double IdealHarmonicFrames(double seconds, double sampleRateHz, int hopSize) => seconds * sampleRateHz / hopSize;

    /// <summary>The percussive kernel in bins before rounding: Hz x FFT size / rate.</summary>
    /// <param name="widthHz">Kernel width in Hz.</param>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <param name="fftSize">FFT size in samples.</param>
    public static double IdealPercussiveBins(double widthHz, double sampleRateHz, int fftSize) => widthHz * fftSize / sampleRateHz;

    /// <summary>
    /// True when an ideal (unrounded) count rounds to an odd count within <see cref="MinCount"/>..<see cref="MaxCount"/>
    /// without clamping: a physical size the kernels can honour at this geometry.
    /// </summary>
    /// <param name="idealCount">The count before rounding (any value; not finite is false).</param>
    public static bool Fits(double idealCount) =>
        double.IsFinite(idealCount) && idealCount >= MinCount - 1 && idealCount < MaxCount + 1;

    /// <summary>
    /// The default kernels for a frame geometry (DESIGN.md section 2): the paper's 17 frames and 17 bins wherever the
    /// frames are the paper's (4096-point FFT, hop 1024, as at 44.1 and 48 kHz); otherwise the paper's physical sizes,
    /// <see cref="PaperHarmonicKernelSeconds"/> and <see cref="PaperPercussiveKernelHz"/>, in frames and bins.
    /// </summary>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <param name="fftSize">FFT size in samples.</param>
    /// <param name="hopSize">Hop in samples.</param>
    public static (int HarmonicFrames, int PercussiveBins) Defaults(double sampleRateHz, int fftSize, int hopSize) =>
        fftSize == SeparationDefaults.PaperFftSize && hopSize == SeparationDefaults.PaperHopSize
            ? (SeparationDefaults.PaperHarmonicKernelFrames, SeparationDefaults.PaperPercussiveKernelBins)
            : (HarmonicFrames(PaperHarmonicKernelSeconds, sampleRateHz, hopSize), PercussiveBins(PaperPercussiveKernelHz, sampleRateHz, fftSize));
}
