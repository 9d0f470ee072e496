using KamHp.Dsp.Offline;
using KamHp.Dsp.Spectral;
using KamHp.Tests.Support;
using Xunit.Abstractions;

namespace KamHp.Tests.Dsp.Offline;

public sealed class KamOfflineSeparatorTests(ITestOutputHelper output)
{
    private const double SampleRateHz = 44100;

    public static TheoryData<int, bool, int, int> Settings() => new()
    {
        { 1, false, 17, 17 },
        { 1, true, 17, 17 },
        { 2, true, 17, 17 },
        { 3, false, 9, 31 },
        { 5, true, 31, 5 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void HarmonicPlusPercussive_EqualsInput_ForEverySetting(int iterations, bool spatial, int harmonicFrames, int percussiveBins)
    {
        float[][] mix = StereoMixture(length: 30000, seed: iterations).Mix;
        var settings = new KamSettings
        {
            FftSize = 2048,
            HopSize = 512,
            Iterations = iterations,
            SpatialModel = spatial,
            HarmonicKernelFrames = harmonicFrames,
            PercussiveKernelBins = percussiveBins,
        };

        SeparationResult result = new KamOfflineSeparator(settings).Separate(mix, everyIteration: true);

        Assert.Equal(iterations, result.Iterations.Count);
        foreach (SeparatedSignals signals in result.Iterations)
        {
            for (int c = 0; c < 2; c++)
            {
                var sum = TestSignals.Add(signals.Harmonic[c], signals.Percussive[c]);
                // One float subtraction and one addition: error within a few ulps of the largest sample.
                Assert.True(TestSignals.RelativeMaxError(mix[c], sum) < 1e-6);
            }
        }
    }

    [Fact]
    public void FirstIterationWithoutSpatialModel_EqualsIndependentFitzGerald2010()
    {
        float[][] mix = StereoMixture(length: 40000, seed: 11).Mix;
        var settings = new KamSettings { Iterations = 1, SpatialModel = false };
        SeparatedSignals kam = new KamOfflineSeparator(settings).Separate(mix).Final;

        float[][] reference = FitzGerald2010(mix, settings.Stft, harmonicFrames: 17, percussiveBins: 17);
        for (int c = 0; c < 2; c++)
        {
            // Same STFT, same masks up to float rounding of the medians' inputs (the separator scales powers by
            // 1/(I J) and 1/4 before the median, which the ratio cancels): agreement to a few float ulps.
            double error = TestSignals.RelativeMaxError(reference[c], kam.Harmonic[c]);
            output.WriteLine($"channel {c}: relative max error {error:E2}");
            Assert.True(error < 1e-4, $"channel {c}: {error:E2}");
        }
    }

    [Fact]
    public void MonoInputOnBothChannels_GivesIdenticalChannels()
    {
        float[] mono = StereoMixture(length: 30000, seed: 5).Mix[0];
        var settings = new KamSettings { FftSize = 2048, HopSize = 512, Iterations = 3, SpatialModel = true };
        SeparationResult result = new KamOfflineSeparator(settings).Separate([mono, (float[])mono.Clone()], everyIteration: true);
        foreach (SeparatedSignals signals in result.Iterations)
        {
            Assert.Equal(signals.Harmonic[0], signals.Harmonic[1]);
            Assert.Equal(signals.Percussive[0], signals.Percussive[1]);
        }
    }

    [Fact]
    public void MonoFile_IsSeparatedLikeEitherChannelOfItsStereoCopy_WithoutSpatialModel()
    {
        float[] mono = StereoMixture(length: 30000, seed: 6).Mix[0];
        var settings = new KamSettings { FftSize = 2048, HopSize = 512, Iterations = 2, SpatialModel = false };
        SeparatedSignals single = new KamOfflineSeparator(settings).Separate([mono]).Final;
        SeparatedSignals stereo = new KamOfflineSeparator(settings).Separate([mono, mono]).Final;
        Assert.True(TestSignals.RelativeMaxError(single.Harmonic[0], stereo.Harmonic[0]) < 1e-5);
    }

    [Fact]
    public void SyntheticTonesAndClicks_EachOutputBeatsTheMixtureBy6Db()
    {
        // Steady tones are horizontal lines and clicks vertical ones: the separation the method exists for.
        // Margin: each output's SDR against its true stem exceeds the mixture's SDR against that stem by >= 6 dB
        // (the mixture's SDR is about 0 dB here; 6 dB means the interfering stem is attenuated at least fourfold in power).
        (float[][] mix, float[][] harmonic, float[][] percussive) = StereoMixture(length: 5 * 44100, seed: 21);
        SeparationResult result = new KamOfflineSeparator(new KamSettings()).Separate(mix, everyIteration: true);
        foreach (SeparatedSignals signals in result.Iterations)
        {
            for (int c = 0; c < 2; c++)
            {
                double mixH = TestSignals.Sdr(harmonic[c], mix[c]);
                double mixP = TestSignals.Sdr(percussive[c], mix[c]);
                double outH = TestSignals.Sdr(harmonic[c], signals.Harmonic[c]);
                double outP = TestSignals.Sdr(percussive[c], signals.Percussive[c]);
                output.WriteLine($"iteration {signals.Iteration} channel {c}: H {mixH:F1} -> {outH:F1} dB, P {mixP:F1} -> {outP:F1} dB");
                Assert.True(outH - mixH >= 6, $"harmonic gain {outH - mixH:F1} dB");
                Assert.True(outP - mixP >= 6, $"percussive gain {outP - mixP:F1} dB");
            }
        }
    }

    [Fact]
    public void OneIterationWithoutSpatialModel_ScoresAtLeastAsWellAsNWavesHarmonicPercussiveSeparator()
    {
        (float[][] mix, float[][] harmonic, float[][] percussive) = StereoMixture(length: 5 * 44100, seed: 31);
        SeparatedSignals kam = new KamOfflineSeparator(new KamSettings { Iterations = 1, SpatialModel = false }).Separate(mix).Final;

        double kamScore = 0, nwavesScore = 0;
        for (int c = 0; c < 2; c++)
        {
            var separator = new NWaves.Operations.HarmonicPercussiveSeparator(4096, 1024, 17, 17, NWaves.Operations.HpsMasking.WienerOrder2);
            var (h, p) = separator.EvaluateSignals(new NWaves.Signals.DiscreteSignal((int)SampleRateHz, mix[c]));
            float[] nwavesH = Fit(h.Samples, mix[c].Length);
            float[] nwavesP = Fit(p.Samples, mix[c].Length);
            // NWaves' resynthesis divides by a vanishing window sum in its first few dozen samples (values in the
            // hundreds there), so both are scored on the interior, one FFT length in from each end.
            kamScore += TestSignals.Sdr(harmonic[c], kam.Harmonic[c], skip: 4096) + TestSignals.Sdr(percussive[c], kam.Percussive[c], skip: 4096);
            nwavesScore += TestSignals.Sdr(harmonic[c], nwavesH, skip: 4096) + TestSignals.Sdr(percussive[c], nwavesP, skip: 4096);
        }

        output.WriteLine($"mean SDR: KamHp {kamScore / 4:F2} dB, NWaves {nwavesScore / 4:F2} dB");
        Assert.True(kamScore >= nwavesScore, $"KamHp {kamScore / 4:F2} dB < NWaves {nwavesScore / 4:F2} dB");
    }

    [Theory]
    [InlineData(2, false, 1)]    // one pass: the output pass
    [InlineData(3, true, 4)]     // the spatial model: a pass per iteration for R_j, then the output pass
    public void Progress_RisesDuringEveryPass_AndEndsAtOne(int iterations, bool spatial, int passes)
    {
        // 300 frames: several reports per pass (every 64 frames of the chain), then 1.
        float[][] mix = StereoMixture(length: 300 * 256, seed: 3).Mix;
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports.Add);
        new KamOfflineSeparator(new KamSettings { FftSize = 1024, HopSize = 256, Iterations = iterations, SpatialModel = spatial })
            .Separate(mix, everyIteration: true, progress);
        Assert.True(reports.Count >= (4 * passes) + 1, $"{reports.Count} reports");
        Assert.Equal(1.0, reports[^1], 12);
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i] > reports[i - 1]);
        }
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    [Fact]
    public void Settings_FromPhysicalSizes_GiveThePapersCountsAt44100()
    {
        KamSettings settings = KamSettings.FromPhysical(44100, 0.395, 183);
        Assert.Equal(17, settings.HarmonicKernelFrames);
        Assert.Equal(17, settings.PercussiveKernelBins);
        KamSettings at96 = KamSettings.FromPhysical(96000, 0.395, 183, 8192, 2048);
        Assert.Equal(19, at96.HarmonicKernelFrames);   // 0.395 * 96000 / 2048 = 18.5 -> 19
        Assert.Equal(15, at96.PercussiveKernelBins);   // 183 * 8192 / 96000 = 15.6 -> 15
    }

    [Theory]
    [InlineData(0, 17, 17)]
    [InlineData(21, 17, 17)]
    [InlineData(2, 16, 17)]
    [InlineData(2, 17, 65)]
    public void Separator_RejectsInvalidSettings(int iterations, int harmonicFrames, int percussiveBins) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KamOfflineSeparator(new KamSettings
        {
            Iterations = iterations,
            HarmonicKernelFrames = harmonicFrames,
            PercussiveKernelBins = percussiveBins,
        }));

    /// <summary>NWaves' output may be longer or shorter than the input; compare over the input's span.</summary>
    private static float[] Fit(float[] samples, int length)
    {
        var fitted = new float[length];
        Array.Copy(samples, fitted, Math.Min(length, samples.Length));
        return fitted;
    }

    private static float[] MatchEnergy(float[] signal, float[] target)
    {
        double a = 0, b = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            a += (double)signal[i] * signal[i];
            b += (double)target[i] * target[i];
        }

        float scale = (float)Math.Sqrt(b / a);
        return Array.ConvertAll(signal, v => v * scale);
    }

    private static (float[][] Mix, float[][] Harmonic, float[][] Percussive) StereoMixture(int length, int seed)
    {
        float[] tonesL = TestSignals.Tones(length, SampleRateHz, [220, 277.18, 329.63]);
        float[] tonesR = TestSignals.Tones(length, SampleRateHz, [220, 329.63, 440], amplitude: 0.15f);
        // Eight bursts a second, scaled to the tones' energy so that the mixture's SDR against either stem is ~0 dB.
        float[] clicksL = MatchEnergy(TestSignals.Clicks(length, 5512, seed), tonesL);
        float[] clicksR = MatchEnergy(TestSignals.Clicks(length, 5512, seed + 1), tonesR);
        return ([TestSignals.Add(tonesL, clicksL), TestSignals.Add(tonesR, clicksR)], [tonesL, tonesR], [clicksL, clicksR]);
    }

    /// <summary>
    /// FitzGerald (DAFx 2010) written out independently: channel-averaged power spectrogram, median over 17
    /// frames (zeros beyond the ends) and over 17 bins (reflected at the edges) by sorting, Wiener mask
    /// H^2 / (H^2 + P^2) in magnitude terms (= s_H / (s_H + s_P) in power), one mask for every channel.
    /// </summary>
    private static float[][] FitzGerald2010(float[][] channels, StftSettings settings, int harmonicFrames, int percussiveBins)
    {
        var stft = new Stft(settings);
        Spectrogram x = stft.Analyze(channels);
        int frames = x.FrameCount, bins = x.BinCount;
        var power = new double[frames, bins];
        for (int c = 0; c < channels.Length; c++)
        {
            for (int t = 0; t < frames; t++)
            {
                for (int f = 0; f < bins; f++)
                {
                    int i = (t * bins) + f;
                    power[t, f] += ((double)x.Real[c][i] * x.Real[c][i]) + ((double)x.Imag[c][i] * x.Imag[c][i]);
                }
            }
        }

        var output = new float[channels.Length][];
        var maskedReal = new float[channels.Length][];
        var maskedImag = new float[channels.Length][];
        for (int c = 0; c < channels.Length; c++)
        {
            maskedReal[c] = new float[frames * bins];
            maskedImag[c] = new float[frames * bins];
        }

        var window = new List<double>();
        for (int t = 0; t < frames; t++)
        {
            for (int f = 0; f < bins; f++)
            {
                window.Clear();
                for (int k = -(harmonicFrames / 2); k <= harmonicFrames / 2; k++)
                {
                    window.Add(t + k >= 0 && t + k < frames ? power[t + k, f] : 0);
                }

                window.Sort();
                double h = window[harmonicFrames / 2];
                window.Clear();
                for (int k = -(percussiveBins / 2); k <= percussiveBins / 2; k++)
                {
                    int b = f + k;
                    b = b < 0 ? -b - 1 : b >= bins ? (2 * bins) - b - 1 : b;
                    window.Add(power[t, b]);
                }

                window.Sort();
                double p = window[percussiveBins / 2];
                double mask = h + p > 0 ? h / (h + p) : 0.5;
                int i = (t * bins) + f;
                for (int c = 0; c < channels.Length; c++)
                {
                    maskedReal[c][i] = (float)(x.Real[c][i] * mask);
                    maskedImag[c][i] = (float)(x.Imag[c][i] * mask);
                }
            }
        }

        for (int c = 0; c < channels.Length; c++)
        {
            output[c] = new float[channels[c].Length];
            stft.Synthesize(maskedReal[c], maskedImag[c], frames, output[c]);
        }

        return output;
    }
}
