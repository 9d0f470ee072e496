using KamHp.Dsp.Separation;
using KamHp.Dsp.Spectral;

namespace KamHp.Evaluation.Research;

/// <summary>
/// Settings of <see cref="CascadeSeparator"/>: a harmonic pass at a long window, then a percussive pass at a short
/// window on what the first pass left. Kernels are physical sizes (seconds, Hz), converted per pass.
/// </summary>
public sealed record CascadeSettings
{
    /// <summary>FFT size of the harmonic pass in samples at 44.1 kHz (scaled with the rate): 8192, about 186 ms.</summary>
    public int HarmonicFftSize { get; init; } = 8192;

    /// <summary>Hop of the harmonic pass in samples at 44.1 kHz: 1024 (the paper's frame rate).</summary>
    public int HarmonicHopSize { get; init; } = 1024;

    /// <summary>FFT size of the percussive pass in samples at 44.1 kHz: 4096, the paper's window.</summary>
    public int PercussiveFftSize { get; init; } = 4096;

    /// <summary>Hop of the percussive pass in samples at 44.1 kHz: 1024.</summary>
    public int PercussiveHopSize { get; init; } = 1024;

    /// <summary>Harmonic (time) median length in seconds; default the paper's 0.395 s.</summary>
    public double HarmonicKernelSeconds { get; init; } = KernelSizes.PaperHarmonicKernelSeconds;

    /// <summary>Percussive (frequency) median width in Hz; default the paper's 183 Hz.</summary>
    public double PercussiveKernelHz { get; init; } = KernelSizes.PaperPercussiveKernelHz;

    /// <summary>Median/Wiener rounds per pass (KAM backfitting without spatial model), 1..10.</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>Exponent p on the powers in the masks of both passes, 0.25..8; 1 is the Wiener filter.</summary>
    public float MaskExponent { get; init; } = 1f;

    /// <summary>Margin b_H &gt;= 1 of the harmonic pass: only what is clearly harmonic at the long window leaves it.</summary>
    public float HarmonicMargin { get; init; } = 1f;

    /// <summary>Margin b_P &gt;= 1 of the percussive pass.</summary>
    public float PercussiveMargin { get; init; } = 1f;

    /// <summary>
    /// Whether each channel gets its own masks from its own power spectrogram (true) or both share masks from the
    /// channel-averaged power (false, the paper's model without spatial part).
    /// </summary>
    public bool PerChannel { get; init; }

    /// <summary>Passes: 1 (harmonic pass only, its complement is percussive) or 2 (the cascade).</summary>
    public int Passes { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when the settings cannot run at this rate (a kernel out of range).</summary>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    public void ValidateFor(double sampleRateHz)
    {
        (PassSettings harmonic, PassSettings percussive) = PassesFor(sampleRateHz);
        foreach (PassSettings pass in new[] { harmonic, percussive })
        {
            if (pass.PercussiveKernelBins / 2 >= (pass.FftSize / 2) + 1)
            {
                throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, $"Percussive kernel of {PercussiveKernelHz} Hz is wider than the spectrum.");
            }
        }
    }

    /// <summary>The two passes' settings at a sample rate (FFT sizes and hops scaled to keep their durations).</summary>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    internal (PassSettings Harmonic, PassSettings Percussive) PassesFor(double sampleRateHz)
    {
        Validate();
        int Scale(int size) => Math.Clamp(
            (int)Math.Pow(2, Math.Round(Math.Log2(size * sampleRateHz / 44100.0))), StftSettings.MinFftSize, StftSettings.MaxFftSize);
        int hFft = Scale(HarmonicFftSize), pFft = Scale(PercussiveFftSize);
        int hHop = hFft * HarmonicHopSize / HarmonicFftSize, pHop = pFft * PercussiveHopSize / PercussiveFftSize;
        PassSettings harmonic = PassSettings.FromPhysical(sampleRateHz, hFft, hHop, HarmonicKernelSeconds, PercussiveKernelHz) with
        {
            Iterations = Iterations, MaskExponent = MaskExponent, HarmonicMargin = HarmonicMargin,
        };
        PassSettings percussive = PassSettings.FromPhysical(sampleRateHz, pFft, pHop, HarmonicKernelSeconds, PercussiveKernelHz) with
        {
            Iterations = Iterations, MaskExponent = MaskExponent, PercussiveMargin = PercussiveMargin,
        };
        return (harmonic, percussive);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        _ = new StftSettings(HarmonicFftSize, HarmonicHopSize);
        _ = new StftSettings(PercussiveFftSize, PercussiveHopSize);
        Check(double.IsFinite(HarmonicKernelSeconds) && HarmonicKernelSeconds > 0, nameof(HarmonicKernelSeconds), HarmonicKernelSeconds);
        Check(double.IsFinite(PercussiveKernelHz) && PercussiveKernelHz > 0, nameof(PercussiveKernelHz), PercussiveKernelHz);
        Check(Iterations is >= 1 and <= 10, nameof(Iterations), Iterations);
        Check(MaskExponent is >= 0.25f and <= 8f, nameof(MaskExponent), MaskExponent);
        Check(HarmonicMargin is >= 1f and <= 100f, nameof(HarmonicMargin), HarmonicMargin);
        Check(PercussiveMargin is >= 1f and <= 100f, nameof(PercussiveMargin), PercussiveMargin);
        Check(Passes is 1 or 2, nameof(Passes), Passes);
    }

    private static void Check(bool ok, string name, object value)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is out of range.");
        }
    }
}
