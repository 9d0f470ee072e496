using KamHp.Dsp;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation.Methods;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp;

public sealed class KamHpEngineEquivalenceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Engine_StudioWithoutSpatialModel_EqualsOfflineSeparator_AwayFromTheLastFrames(int iterations)
    {
        const int rate = 44100;
        int length = 3 * rate;
        float[] left = TestSignals.Add(TestSignals.Tones(length, rate, [220, 330]), TestSignals.Clicks(length, 11025, seed: 1));
        float[] right = TestSignals.Add(TestSignals.Tones(length, rate, [277, 440]), TestSignals.Clicks(length, 7000, seed: 2, amplitude: 0.4f));
        float[][] input = [left, right];

        var engine = new KamHpEngine();
        engine.Configure(new EngineSettings { Iterations = iterations, LatencyMode = LatencyMode.Studio, SpatialModel = false });
        engine.Prepare(rate, 512);
        EngineRun stream = EngineRunner.Run(engine, input, EngineRunner.Fixed(512));

        var offline = new KamOfflineSeparator(new KamSettings { Iterations = iterations, SpatialModel = false }).Separate(input).Final;

        // Tolerance: none. The engine performs the offline separator's float operations in the same order (same FFT
        // code, the same TensorPrimitives calls for masks and powers, overlap-add as multiply-then-add in frame order),
        // and its medians (sorted windows) select exactly the values the offline median networks select; the first
        // frames agree too, since frames before the stream are silence in both. Only the end differs: offline frames
        // beyond the signal are zero, streaming ones hold the signal's tail, so medians differ within
        // iterations x (K-1)/2 frames of the last frame, which reach back one more window in samples.
        int hop = 1024, fft = 4096;
        int lastFrames = (iterations * 8) + 1;
        int frames = ((length - 1 + fft - hop) / hop) + 1;
        int compareTo = ((frames - lastFrames) * hop) - fft;
        for (int c = 0; c < 2; c++)
        {
            double worst = 0;
            for (int i = 0; i < compareTo; i++)
            {
                worst = Math.Max(worst, Math.Abs(stream.Harmonic[c][i] - offline.Harmonic[c][i]));
            }

            Assert.True(worst == 0, $"channel {c}: max |difference| {worst:E3}");
            Assert.Equal(offline.Percussive[c][..compareTo], stream.Percussive[c][..compareTo]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Engine_HiResStudio_EqualsOfflineHiResSeparator_AwayFromTheLastFrames_EvenWithSpatialModelRequested(int iterations)
    {
        const int rate = 44100;
        int length = 3 * rate;
        float[] left = TestSignals.Add(TestSignals.Tones(length, rate, [110, 165]), TestSignals.Clicks(length, 11025, seed: 3));
        float[] right = TestSignals.Add(TestSignals.Tones(length, rate, [138, 220]), TestSignals.Clicks(length, 7000, seed: 4, amplitude: 0.4f));
        float[][] input = [left, right];

        // The plugin's defaults: the paper's kernel settings, spatial model on (hires does not run it).
        var engine = new KamHpEngine();
        engine.Configure(new EngineSettings { Method = SeparationMethod.HiRes, Iterations = iterations, LatencyMode = LatencyMode.Studio });
        engine.Prepare(rate, 512);
        EngineRun stream = EngineRunner.Run(engine, input, EngineRunner.Fixed(512));

        // The offline hires method: 8192-point frames at hop 1024, 0.395 s (17 frames), 100 Hz (19 bins), no spatial model.
        MethodDefaults method = MethodDefaults.For(SeparationMethod.HiRes, rate);
        var settings = KamSettings.FromPhysical(rate, method.HarmonicKernelSeconds, method.PercussiveKernelHz, method.FftSize, method.HopSize)
            with { Iterations = iterations, SpatialModel = false };
        Assert.Equal((8192, 1024, 17, 19), (settings.FftSize, settings.HopSize, settings.HarmonicKernelFrames, settings.PercussiveKernelBins));
        Assert.Equal(8192 - 1 + 256 + (iterations * 8 * 1024), engine.LatencySamples);
        var offline = new KamOfflineSeparator(settings).Separate(input).Final;

        // Tolerance: none, as for the paper above (same kernels, same order); only the last frames differ.
        int hop = 1024, fft = 8192;
        int lastFrames = (iterations * 8) + 1;
        int frames = ((length - 1 + fft - hop) / hop) + 1;
        int compareTo = ((frames - lastFrames) * hop) - fft;
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(offline.Harmonic[c][..compareTo], stream.Harmonic[c][..compareTo]);
            Assert.Equal(offline.Percussive[c][..compareTo], stream.Percussive[c][..compareTo]);
        }
    }
}
