using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;
using KamHp.Dsp.Spectral;
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
        int hopSize = request.HopSize ?? (request.Method == SeparationMethod.HiRes && StftSettings.IsAllowedHop(fftSize, method.HopSize) ? method.HopSize : StftSettings.DefaultHop(fftSize));
        if (!StftSettings.IsAllowedHop(fftSize, hopSize))
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
            double frames = KernelSizes.IdealHarmonicFrames(seconds, sampleRateHz, hopSize);
            if (!KernelSizes.Fits(frames))
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
            double bins = KernelSizes.IdealPercussiveBins(widthHz, sampleRateHz, fftSize);
            if (!KernelSizes.Fits(bins))
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
}
