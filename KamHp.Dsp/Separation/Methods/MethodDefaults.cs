using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Separation.Methods;

/// <summary>
/// The settings a method starts from at a sample rate; every one can be overridden by the user. Defined here once for
/// the command line, the evaluation and the plugin.
/// </summary>
/// <param name="FftSize">Frame (FFT) size in samples.</param>
/// <param name="HopSize">Hop in samples.</param>
/// <param name="HarmonicKernelSeconds">Harmonic (time) median length in seconds.</param>
/// <param name="PercussiveKernelHz">Percussive (frequency) median width in Hz.</param>
/// <param name="Iterations">Kernel backfitting iterations.</param>
/// <param name="SpatialModel">Whether spatial covariances are estimated.</param>
/// <remarks>
/// Why <see cref="SeparationMethod.HiRes"/> works (measured on the dev corpus, docs/RESULTS.md): the percussive median
/// over frequency treats harmonic partials as outliers only where they are narrow compared with the kernel. A Hann window
/// of N samples has a main lobe 4 fs / N wide: 43 Hz at the paper's 93 ms, so bass notes (partials 40-110 Hz apart) fill
/// the paper's 183 Hz kernel and leak into the percussive part. At 186 ms the lobes are 21.5 Hz wide and the partials of
/// every note above ~25 Hz are resolved; the percussive kernel keeps the paper's ratio of kernel to lobe (19 bins, ~4.5
/// lobes, 100 Hz), and the hop stays at the paper's 23 ms so the harmonic median (0.395 s, 17 frames) and the time
/// resolution of the percussive masks stay the paper's. Strokes are smeared over a longer frame, but their energy is
/// broadband and the median over 19 narrow bins still finds it.
/// </remarks>
public sealed record MethodDefaults(int FftSize, int HopSize, double HarmonicKernelSeconds, double PercussiveKernelHz, int Iterations, bool SpatialModel)
{
    /// <summary>Percussive kernel width of <see cref="SeparationMethod.HiRes"/>, in Hz.</summary>
    public const double HiResPercussiveKernelHz = 100.0;

    /// <summary>The method's starting settings at <paramref name="sampleRateHz"/>.</summary>
    /// <param name="method">The method.</param>
    /// <param name="sampleRateHz">Sample rate in Hz, positive.</param>
    public static MethodDefaults For(SeparationMethod method, double sampleRateHz)
    {
        // The frames are the streaming engine's for the method, so offline and streaming run the same geometry.
        StftFraming frames = MethodGeometry.Framing(method, sampleRateHz);
        return method == SeparationMethod.HiRes
            ? new MethodDefaults(frames.FftSize, frames.HopSize, KernelSizes.PaperHarmonicKernelSeconds, HiResPercussiveKernelHz, 2, false)
            : new MethodDefaults(frames.FftSize, frames.HopSize, KernelSizes.PaperHarmonicKernelSeconds, KernelSizes.PaperPercussiveKernelHz, 2, true);
    }

    /// <summary>Parses a method name (<c>paper</c>, <c>hires</c>, any case); null when unknown.</summary>
    /// <param name="name">The name.</param>
    public static SeparationMethod? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "paper" => SeparationMethod.Paper,
        "hires" => SeparationMethod.HiRes,
        _ => null,
    };

    /// <summary>The method's name on the command line and in reports: <c>paper</c> or <c>hires</c>.</summary>
    /// <param name="method">The method.</param>
    public static string NameOf(SeparationMethod method) => method == SeparationMethod.HiRes ? "hires" : "paper";
}
