using KamHp.Evaluation;

namespace KamHp.Tests.Evaluation;

/// <summary>BSS Eval on hand-made cases whose answers are known in closed form.</summary>
public sealed class BssEvalTests
{
    private const int SampleCount = 32768;

    // Estimates are stored as float32, so an estimate that is mathematically inside the reference subspace still
    // carries rounding noise near -140 dB of its energy; "very high" therefore means above 100 dB, while any real
    // penalty (distortion, a missing tail) would be tens of dB lower.
    private const double VeryHighDb = 100;

    [Fact]
    public void PerfectEstimate_GivesVeryHighRatios_InBothVariants()
    {
        float[] h = Noise(1, SampleCount);
        float[] p = Noise(2, SampleCount);

        BssEvalMetrics sources = new BssEval([[h], [p]]).EvaluateSource(0, (float[])h.Clone());
        Assert.True(sources.SdrDb > VeryHighDb, $"SDR {sources.SdrDb}");
        Assert.True(sources.SirDb > VeryHighDb, $"SIR {sources.SirDb}");
        Assert.True(sources.SarDb > VeryHighDb, $"SAR {sources.SarDb}");

        float[] h2 = Noise(3, SampleCount);
        float[] p2 = Noise(4, SampleCount);
        BssEvalMetrics images = new BssEval([[h, h2], [p, p2]]).EvaluateImage(1, [(float[])p.Clone(), (float[])p2.Clone()]);
        Assert.Equal(double.PositiveInfinity, images.SdrDb); // |x - s|^2 is exactly zero
        Assert.True(images.IsrDb > VeryHighDb, $"ISR {images.IsrDb}");
        Assert.True(images.SirDb > VeryHighDb, $"SIR {images.SirDb}");
        Assert.True(images.SarDb > VeryHighDb, $"SAR {images.SarDb}");
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(6.0)]
    public void OtherSourceLeakingIn_GivesSirEqualToTheLeakageLevel(double leakageDb)
    {
        float[] h = Noise(5, SampleCount);
        float[] p = Noise(6, SampleCount);
        float gain = (float)Math.Pow(10, -leakageDb / 20) * (float)Math.Sqrt(Energy(h) / Energy(p));
        float[] estimate = Add(h, p, gain);

        BssEvalMetrics m = new BssEval([[h], [p]]).EvaluateSource(0, estimate);

        // The interferer is independent white noise; 512 delayed copies of h capture about 512 / 32768 = 1.6 % of its
        // energy (part of it counts as target), which moves SIR by about 0.07 dB. 0.15 dB allows for that.
        Assert.Equal(leakageDb, m.SirDb, 0.15);
        Assert.True(m.SarDb > VeryHighDb, $"SAR {m.SarDb}: the estimate lies in the span of the references");
        Assert.Equal(leakageDb, m.SdrDb, 0.15);
    }

    [Fact]
    public void FilteredReference_IsNotCountedAsDistortion_ByTheSourcesVariant()
    {
        float[] h = FadedNoise(7, SampleCount);
        float[] p = FadedNoise(8, SampleCount);
        double[] fir = RandomFilter(9, 300); // shorter than the 512-tap distortion filters
        float[] filtered = Convolve(h, fir);

        BssEvalMetrics m = new BssEval([[h], [p]]).EvaluateSource(0, filtered);

        Assert.True(m.SdrDb > VeryHighDb, $"SDR {m.SdrDb}");
        Assert.True(m.SirDb > VeryHighDb, $"SIR {m.SirDb}");
        Assert.True(m.SarDb > VeryHighDb, $"SAR {m.SarDb}");
    }

    [Fact]
    public void FilterLongerThanTheDistortionFilters_IsPenalised()
    {
        float[] h = FadedNoise(7, SampleCount);
        float[] p = FadedNoise(8, SampleCount);
        double[] fir = new double[800];
        fir[0] = 1;
        fir[799] = 0.5; // an echo 799 samples late cannot be modelled with 512 taps

        BssEvalMetrics m = new BssEval([[h], [p]]).EvaluateSource(0, Convolve(h, fir));

        // The echo carries 1/4 of the direct energy and is (nearly) orthogonal to the delayed copies: an artifact.
        Assert.Equal(10 * Math.Log10(4), m.SarDb, 0.15);
    }

    [Fact]
    public void FilteredReference_GoesToIsrOnly_InTheImagesVariant()
    {
        float[] hl = FadedNoise(10, SampleCount);
        float[] hr = FadedNoise(11, SampleCount);
        float[] pl = FadedNoise(12, SampleCount);
        float[] pr = FadedNoise(13, SampleCount);
        float[] el = Convolve(hl, RandomFilter(14, 100));
        float[] er = Convolve(hr, RandomFilter(15, 200));

        BssEvalMetrics m = new BssEval([[hl, hr], [pl, pr]]).EvaluateImage(0, [el, er]);

        // Known answer: the filtered image lies in the span of the delayed references of source 0, so
        // P_j x = x and ISR = SDR = |s|^2 / |x - s|^2, computed here directly.
        double expected = 10 * Math.Log10((Energy(hl) + Energy(hr)) / (DifferenceEnergy(el, hl) + DifferenceEnergy(er, hr)));
        Assert.Equal(expected, m.IsrDb, 0.01);
        Assert.Equal(expected, m.SdrDb, 0.01);
        Assert.True(m.SirDb > VeryHighDb, $"SIR {m.SirDb}");
        Assert.True(m.SarDb > VeryHighDb, $"SAR {m.SarDb}");
    }

    [Fact]
    public void ScaledEstimate_GivesTheSameSdr_InTheSourcesVariant()
    {
        float[] h = Noise(16, SampleCount);
        float[] p = Noise(17, SampleCount);
        float[] estimate = Add(Add(h, p, 0.2f), Noise(18, SampleCount), 0.1f);
        float[] scaled = Scale(estimate, 0.37f);
        var eval = new BssEval([[h], [p]]);

        BssEvalMetrics original = eval.EvaluateSource(0, estimate);
        BssEvalMetrics rescaled = eval.EvaluateSource(0, scaled);

        // Exactly invariant in real arithmetic; float32 rounding of the scaled copy is ~-140 dB against errors near
        // -14 dB, so the figures agree to far better than 1e-4 dB.
        Assert.Equal(original.SdrDb, rescaled.SdrDb, 1e-4);
        Assert.Equal(original.SirDb, rescaled.SirDb, 1e-4);
        Assert.Equal(original.SarDb, rescaled.SarDb, 1e-4);
        Assert.InRange(original.SdrDb, 5, 30); // a genuinely imperfect estimate, not a degenerate case
    }

    [Fact]
    public void ScaledReference_CountsAsSpatialDistortion_InTheImagesVariant()
    {
        float[] hl = Noise(19, SampleCount);
        float[] hr = Noise(20, SampleCount);
        float[] pl = Noise(21, SampleCount);
        float[] pr = Noise(22, SampleCount);

        BssEvalMetrics m = new BssEval([[hl, hr], [pl, pr]]).EvaluateImage(0, [Scale(hl, 0.5f), Scale(hr, 0.5f)]);

        // x = s / 2: |s|^2 / |x - s|^2 = 4, i.e. 6.02 dB, for both SDR and ISR (bss_eval_images is not gain invariant).
        Assert.Equal(10 * Math.Log10(4), m.SdrDb, 1e-3);
        Assert.Equal(10 * Math.Log10(4), m.IsrDb, 1e-3);
        Assert.True(m.SirDb > VeryHighDb, $"SIR {m.SirDb}");
    }

    [Fact]
    public void IdenticalChannels_GiveTheMonoFigures_WithDependentColumnsDropped()
    {
        float[] h = Noise(23, 8192);
        float[] p = Noise(24, 8192);
        float[] estimate = Add(Add(Convolve(h, RandomFilter(25, 50)), p, 0.3f), Noise(26, 8192), 0.2f);

        var mono = new BssEval([[h], [p]]);
        var stereo = new BssEval([[h, h], [p, p]]);
        BssEvalMetrics expected = mono.EvaluateImage(0, [estimate]);
        BssEvalMetrics actual = stereo.EvaluateImage(0, [estimate, estimate]);

        // Both channels of each reference are the same signal: the right channel's 512 delayed copies per source are
        // dependent, the guard drops them, and the energies are exactly twice the mono ones.
        Assert.Equal(0, mono.DependentColumnCount);
        Assert.Equal(2 * BssEval.DefaultFilterLength, stereo.DependentColumnCount);
        Assert.Equal(expected.SdrDb, actual.SdrDb, 0.01);
        Assert.Equal(expected.IsrDb, actual.IsrDb, 0.01);
        Assert.Equal(expected.SirDb, actual.SirDb, 0.01);
        Assert.Equal(expected.SarDb, actual.SarDb, 0.01);
    }

    [Fact]
    public void EstimatesSummingToTheMix_HaveImageSdrsDifferingByTheStemLevelRatio()
    {
        float[] hl = Noise(33, 8192), hr = Noise(34, 8192), pl = Scale(Noise(35, 8192), 0.4f), pr = Scale(Noise(36, 8192), 0.3f);
        // Any split of the mix: h_est = h + e, p_est = p - e, so both errors are e (up to sign) in every channel.
        float[] el = Add(Convolve(pl, RandomFilter(37, 30)), Noise(38, 8192), 0.05f);
        float[] er = Scale(Convolve(hr, RandomFilter(39, 20)), 0.2f);
        var eval = new BssEval([[hl, hr], [pl, pr]]);

        BssEvalMetrics h = eval.EvaluateImage(0, [Add(hl, el, 1f), Add(hr, er, 1f)]);
        BssEvalMetrics p = eval.EvaluateImage(1, [Add(pl, el, -1f), Add(pr, er, -1f)]);

        // Known answer: |e|^2 cancels from SDR_H - SDR_P = 10 log10(|s_H|^2 / |s_P|^2). float32 rounding of the
        // estimates changes |e|^2 by ~1e-7 relative, far below the 1e-4 dB tolerance.
        double expected = 10 * Math.Log10((Energy(hl) + Energy(hr)) / (Energy(pl) + Energy(pr)));
        Assert.Equal(expected, h.SdrDb - p.SdrDb, 1e-4);
    }

    [Fact]
    public void SilentEstimate_HasZeroDbSdrAndUndefinedSirSar()
    {
        float[] h = Noise(27, 4096);
        float[] p = Noise(28, 4096);

        BssEvalMetrics m = new BssEval([[h], [p]]).EvaluateImage(0, [new float[4096]]);

        Assert.Equal(0, m.SdrDb, 1e-9);
        Assert.True(double.IsNaN(m.SirDb));
        Assert.True(double.IsNaN(m.SarDb));
    }

    [Fact]
    public void SilentReference_IsRejected()
    {
        float[] h = Noise(29, 1024);
        var error = Assert.Throws<ArgumentException>(() => new BssEval([[h], [new float[1024]]]));
        Assert.Contains("silent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedShapes_AreRejected()
    {
        float[] h = Noise(30, 1024);
        float[] p = Noise(31, 1024);
        Assert.Throws<ArgumentException>(() => new BssEval([[h], [Noise(32, 1000)]]));
        Assert.Throws<ArgumentException>(() => new BssEval([[h, p], [p]]));
        var eval = new BssEval([[h], [p]]);
        Assert.Throws<ArgumentException>(() => eval.EvaluateImage(0, [new float[1000]]));
        Assert.Throws<ArgumentException>(() => eval.EvaluateImage(0, [h, p]));
        Assert.Throws<ArgumentOutOfRangeException>(() => eval.EvaluateImage(2, [h]));
        var stereo = new BssEval([[h, p], [p, h]]);
        Assert.Throws<InvalidOperationException>(() => stereo.EvaluateSource(0, h));
    }

    private static float[] Noise(int seed, int length)
    {
        var random = new Random(seed);
        var result = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Box-Muller: Gaussian white noise.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            result[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return result;
    }

    /// <summary>Noise whose last 1024 samples are silent, so a filtered copy loses no tail at the end of the signal.</summary>
    private static float[] FadedNoise(int seed, int length)
    {
        float[] result = Noise(seed, length);
        Array.Clear(result, length - 1024, 1024);
        return result;
    }

    private static double[] RandomFilter(int seed, int taps)
    {
        var random = new Random(seed);
        var fir = new double[taps];
        for (int i = 0; i < taps; i++)
        {
            fir[i] = (random.NextDouble() - 0.5) * Math.Exp(-i / (taps / 4.0));
        }

        fir[0] = 1;
        return fir;
    }

    private static float[] Convolve(float[] signal, double[] fir)
    {
        var result = new float[signal.Length];
        for (int t = 0; t < signal.Length; t++)
        {
            double sum = 0;
            for (int a = 0; a < fir.Length && a <= t; a++)
            {
                sum += fir[a] * signal[t - a];
            }

            result[t] = (float)sum;
        }

        return result;
    }

    private static float[] Add(float[] a, float[] b, float gainB)
    {
        var result = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = a[i] + (gainB * b[i]);
        }

        return result;
    }

    private static float[] Scale(float[] a, float gain)
    {
        var result = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = gain * a[i];
        }

        return result;
    }

    private static double Energy(float[] a)
    {
        double sum = 0;
        foreach (float v in a)
        {
            sum += (double)v * v;
        }

        return sum;
    }

    private static double DifferenceEnergy(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }
}
