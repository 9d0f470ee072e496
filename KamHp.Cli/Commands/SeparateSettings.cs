using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;
using static KamHp.Cli.Commands.OptionParsing;

namespace KamHp.Cli.Commands;

/// <summary>Resolves what the user typed (<see cref="SeparateRequest"/>) into separator settings for one input's sample rate.</summary>
internal static class SeparateSettings
{
    /// <summary>Turns the request into separator settings for <paramref name="sampleRateHz"/>; false with a message if impossible.</summary>
    public static bool TryResolve(SeparateRequest request, int sampleRateHz, out KamSettings settings, out string error)
    {
        settings = new KamSettings();
        error = string.Empty;
        MethodDefaults method = MethodDefaults.For(request.Method, sampleRateHz);
        int fftSize = request.FftSize ?? method.FftSize;
        int hopSize = request.HopSize ?? (request.Method == SeparationMethod.HiRes && IsAllowedHop(fftSize, method.HopSize) ? method.HopSize : fftSize / 4);
        if (!IsAllowedHop(fftSize, hopSize))
        {
            error = Invariant($"--hop {hopSize}: must be the FFT size / 2, / 4 or / 8 ({fftSize / 2}, {fftSize / 4} or {fftSize / 8} with FFT size {fftSize} at {sampleRateHz} Hz)");
            return false;
        }

        (int defaultFrames, int defaultBins) = request.Method == SeparationMethod.Paper
            ? KernelSizes.Defaults(sampleRateHz, fftSize, hopSize)
            : (KernelSizes.HarmonicFrames(method.HarmonicKernelSeconds, sampleRateHz, hopSize), KernelSizes.PercussiveBins(method.PercussiveKernelHz, sampleRateHz, fftSize));
        int harmonicFrames = request.HarmonicKernelFrames ?? defaultFrames;
        if (request.HarmonicKernelSeconds is double seconds)
        {
            double frames = seconds * sampleRateHz / hopSize;
            if (!FitsKernel(frames))
            {
                double unit = (double)hopSize / sampleRateHz;
                error = Invariant(
                    $"--harmonic-seconds {seconds}: is {frames:0.#} frames of {hopSize} samples at {sampleRateHz} Hz; the kernel must be {KernelSizes.MinCount}..{KernelSizes.MaxCount} frames ({(KernelSizes.MinCount - 1) * unit:0.###} to {(KernelSizes.MaxCount + 1) * unit:0.###} s)");
                return false;
            }

            harmonicFrames = KernelSizes.HarmonicFrames(seconds, sampleRateHz, hopSize);
        }

        int percussiveBins = request.PercussiveKernelBins ?? defaultBins;
        if (request.PercussiveKernelHz is double widthHz)
        {
            double bins = widthHz * fftSize / sampleRateHz;
            if (!FitsKernel(bins))
            {
                double unit = (double)sampleRateHz / fftSize;
                error = Invariant(
                    $"--percussive-hz {widthHz}: is {bins:0.#} bins of {unit:0.##} Hz; the kernel must be {KernelSizes.MinCount}..{KernelSizes.MaxCount} bins ({(KernelSizes.MinCount - 1) * unit:0.#} to {(KernelSizes.MaxCount + 1) * unit:0.#} Hz)");
                return false;
            }

            percussiveBins = KernelSizes.PercussiveBins(widthHz, sampleRateHz, fftSize);
        }

        settings = new KamSettings
        {
            FftSize = fftSize,
            HopSize = hopSize,
            HarmonicKernelFrames = harmonicFrames,
            PercussiveKernelBins = percussiveBins,
            Iterations = request.Iterations,
            SpatialModel = request.SpatialModel,
        };
        try
        {
            settings.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The option validators catch these first; this keeps a request built in code honest too.
            error = e.Message.ReplaceLineEndings(" ");
            return false;
        }

        return true;
    }

    public static bool IsAllowedHop(int fftSize, int hopSize) =>
        hopSize == fftSize / 2 || hopSize == fftSize / 4 || hopSize == fftSize / 8;

    /// <summary>True when an ideal kernel count rounds to an odd count within the supported range (no clamping).</summary>
    private static bool FitsKernel(double count) =>
        double.IsFinite(count) && count >= KernelSizes.MinCount - 1 && count < KernelSizes.MaxCount + 1;
}
