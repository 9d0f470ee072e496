using KamHp.Dsp;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp;

public sealed class KamHpEngineRateTests
{
    /// <summary>The extreme rates Steinberg's validator activates a plugin at, plus the ends of the accepted range.</summary>
    [Theory]
    [InlineData(KamHpEngine.MinSampleRateHz)]
    [InlineData(1234.5678)]
    [InlineData(12345.678)]
    [InlineData(123456.78)]
    [InlineData(384000)]
    [InlineData(1234567.8)]
    [InlineData(KamHpEngine.MaxSampleRateHz)]
    public void Engine_AtExtremeSampleRates_Prepares_AndKeepsHarmonicPlusPercussiveEqualToTheDelayedInput(double rate)
    {
        var engine = new KamHpEngine();
        engine.Prepare(rate, 512);
        float[] noise = TestSignals.Noise(20000, seed: (int)rate);
        EngineRun run = EngineRunner.Run(engine, [noise, noise], () => 512);
        for (int c = 0; c < 2; c++)
        {
            float[] sum = TestSignals.Add(run.Harmonic[c], run.Percussive[c]);
            // h + (delayed x - h): one float subtraction and one addition away from the input.
            Assert.True(TestSignals.RelativeMaxError(noise, sum) < 1e-6, $"{rate} Hz channel {c}");
            Assert.All(run.Harmonic[c], v => Assert.True(float.IsFinite(v)));
        }
    }

    [Theory]
    [InlineData(999.0)]
    [InlineData(4_000_001.0)]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    public void Engine_RefusesRatesOutsideTheSupportedRange(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KamHpEngine().Prepare(rate, 512));
}
