using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation.Methods;

/// <summary>
/// What a <see cref="SeparationMethod"/> changes in the streaming engine (<see cref="EngineLayout"/>): the frame
/// geometry, the percussive kernel's width relative to the user's setting, and whether the spatial model runs. The
/// stages, medians and Wiener masks are the same for every method (<see cref="FrameKernels"/>), so a method is only a
/// geometry and kernel sizes; with the spatial model off, Studio equals the offline separator with the same settings
/// (<see cref="MethodDefaults"/>) bit for bit, for <see cref="SeparationMethod.HiRes"/> as for the paper.
/// </summary>
/// <remarks>
/// <para>The Instant latency mode ignores the method: it runs its own two-resolution estimator
/// (<see cref="InstantGeometry"/>), whose estimation frames already are hires's 186 ms frames with the same
/// percussive width fraction.</para>
/// <para>The percussive kernel setting keeps the paper's meaning (183 Hz at the paper's 93 ms frames) in every method:
/// hires uses <see cref="HiResPercussiveWidthFraction"/> of it, 100 Hz at the default, because its partials are half as
/// wide (docs/RESULTS.md). So a plugin's kernel control keeps one default for both methods, and a project saved with
/// the paper method sounds as before.</para>
/// </remarks>
public static class MethodGeometry
{
    /// <summary>
    /// Width of hires's percussive kernel as a fraction of the kernel width setting: 100 Hz / 183 Hz = 0.546, so the
    /// paper's default setting gives <see cref="MethodDefaults.HiResPercussiveKernelHz"/> (19 bins of 8192 at 44.1 kHz).
    /// </summary>
    public const double HiResPercussiveWidthFraction = MethodDefaults.HiResPercussiveKernelHz / KernelSizes.PaperPercussiveKernelHz;

    /// <summary>
    /// The streaming framing of <paramref name="method"/> at <paramref name="sampleRateHz"/> (symmetric periodic Hann,
    /// the whole frame output): the paper's about 93 ms at hop FFT/4 (<see cref="StftFraming.Symmetric"/>); hires twice
    /// that frame (at most <see cref="StftSettings.MaxFftSize"/>) at the paper's hop. Unknown methods are the paper.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="sampleRateHz">Sample rate in Hz, positive.</param>
    public static StftFraming Framing(SeparationMethod method, double sampleRateHz)
    {
        StftFraming paper = StftFraming.Symmetric(sampleRateHz);
        if (method != SeparationMethod.HiRes)
        {
            return paper;
        }

        int fftSize = Math.Min(2 * paper.FftSize, StftSettings.MaxFftSize);
        return new StftFraming(fftSize, paper.HopSize, fftSize);
    }

    /// <summary>The largest framing any method uses at <paramref name="sampleRateHz"/> (what the engine allocates for).</summary>
    /// <param name="sampleRateHz">Sample rate in Hz, positive.</param>
    public static StftFraming LargestFraming(double sampleRateHz) => Framing(SeparationMethod.HiRes, sampleRateHz);

    /// <summary>The percussive kernel width in Hz the method uses for a width setting of <paramref name="settingHz"/>.</summary>
    /// <param name="method">The method.</param>
    /// <param name="settingHz">The kernel width setting in Hz (the paper's 183 Hz by default).</param>
    public static double PercussiveKernelHz(SeparationMethod method, double settingHz) =>
        method == SeparationMethod.HiRes ? settingHz * HiResPercussiveWidthFraction : settingHz;

    /// <summary>The width setting that makes the method use <paramref name="widthHz"/> (the inverse of <see cref="PercussiveKernelHz"/>).</summary>
    /// <param name="method">The method.</param>
    /// <param name="widthHz">The width the kernel should have, in Hz.</param>
    public static double PercussiveKernelSettingHz(SeparationMethod method, double widthHz) =>
        method == SeparationMethod.HiRes ? widthHz / HiResPercussiveWidthFraction : widthHz;

    /// <summary>
    /// Whether the method runs the spatial model when it is requested: the paper does; hires does not (it is defined
    /// without it: on the dev corpus the spatial model changed hires's SDR by -0.02 dB at 2 iterations, for three
    /// times the work per bin).
    /// </summary>
    /// <param name="method">The method.</param>
    public static bool UsesSpatialModel(SeparationMethod method) => method != SeparationMethod.HiRes;
}
