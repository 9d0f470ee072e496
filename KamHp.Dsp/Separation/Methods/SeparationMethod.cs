namespace KamHp.Dsp.Separation.Methods;

/// <summary>The separation methods KamHp offers.</summary>
public enum SeparationMethod
{
    /// <summary>
    /// Algorithm 1 of FitzGerald, Liutkus, Rafii, Pardo, Daudet, "Harmonic/Percussive Separation Using Kernel Additive
    /// Modelling" (IET ISSC 2014), exactly, with the paper's settings: ~93 ms frames (4096 at 44.1 kHz), hop a quarter,
    /// kernels 17 frames and 17 bins (0.395 s, 183 Hz), 2 iterations, spatial model on.
    /// </summary>
    Paper,

    /// <summary>
    /// The same median kernels and Wiener masks on a spectrogram of twice the frequency resolution
    /// (<see cref="MethodDefaults"/>): ~186 ms frames (8192 at 44.1 kHz) at the paper's frame rate (hop 23 ms), the
    /// harmonic kernel kept at 0.395 s, the percussive kernel at 100 Hz (19 bins, the paper's count of bins), the paper's
    /// 2 iterations, no spatial model.
    /// </summary>
    HiRes,
}
