namespace KamHp.Dsp.Spectral;

/// <summary>Analysis and synthesis windows.</summary>
public static class Windows
{
    /// <summary>
    /// Writes the periodic Hann window of length <c>destination.Length</c>: w[n] = 0.5 - 0.5 cos(2 pi n / N).
    /// Periodic (not symmetric) so that shifted copies add up to a constant (matches scipy.signal.get_window('hann')).
    /// </summary>
    /// <param name="destination">Receives the window; any length.</param>
    public static void PeriodicHann(Span<float> destination)
    {
        int n = destination.Length;
        for (int i = 0; i < n; i++)
        {
            destination[i] = (float)(0.5 - (0.5 * Math.Cos(2.0 * Math.PI * i / n)));
        }
    }

    /// <summary>
    /// Writes the synthesis window that makes windowed overlap-add the exact inverse of windowed analysis:
    /// g[n] = w[n] / sum_k w[n + k*hop]^2 (least-squares inverse STFT, Griffin and Lim 1984).
    /// </summary>
    /// <param name="analysisWindow">The analysis window, length N.</param>
    /// <param name="hopSize">Hop in samples, dividing N.</param>
    /// <param name="destination">Receives the synthesis window, length N. May not overlap the input.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the window's overlap sum has a zero.</exception>
    public static void SynthesisWindow(ReadOnlySpan<float> analysisWindow, int hopSize, Span<float> destination)
    {
        int n = analysisWindow.Length;
        if (destination.Length != n)
        {
            throw new ArgumentException("Destination length must equal the window length.", nameof(destination));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopSize);
        if (n % hopSize != 0)
        {
            throw new ArgumentException("Hop must divide the window length.", nameof(hopSize));
        }

        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = i % hopSize; j < n; j += hopSize)
            {
                sum += (double)analysisWindow[j] * analysisWindow[j];
            }

            if (sum <= 0)
            {
                throw new ArgumentException("The window's squared overlap sum vanishes; no exact inverse.", nameof(analysisWindow));
            }

            destination[i] = (float)(analysisWindow[i] / sum);
        }
    }
}
