using KamHp.Cli.Demo;

namespace KamHp.Tests.Cli.Demo;

public sealed class DemoMixtureTests
{
    [Fact]
    public void Generate_IsDeterministic_AndDependsOnTheSeed()
    {
        var first = DemoMixture.Generate(seed: 5, sampleRateHz: 16000, durationSeconds: 1.0);
        var again = DemoMixture.Generate(seed: 5, sampleRateHz: 16000, durationSeconds: 1.0);
        var other = DemoMixture.Generate(seed: 6, sampleRateHz: 16000, durationSeconds: 1.0);

        Assert.Equal(first.Mix.Channels, again.Mix.Channels);
        Assert.Equal(first.Percussive.Channels, again.Percussive.Channels);
        Assert.NotEqual(first.Mix.Channels[0], other.Mix.Channels[0]);
    }

    [Fact]
    public void Mix_IsExactlyTheSumOfItsStems_InStereo()
    {
        var demo = DemoMixture.Generate(seed: 11, sampleRateHz: 22050, durationSeconds: 2.0);

        Assert.Equal(2, demo.Mix.ChannelCount);
        Assert.Equal(44100, demo.Mix.FrameCount);
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < demo.Mix.FrameCount; i++)
            {
                Assert.Equal(demo.Harmonic.Channels[c][i] + demo.Percussive.Channels[c][i], demo.Mix.Channels[c][i]);
            }
        }

        // Panned: the channels differ.
        Assert.NotEqual(demo.Harmonic.Channels[0], demo.Harmonic.Channels[1]);
        Assert.NotEqual(demo.Percussive.Channels[0], demo.Percussive.Channels[1]);
    }

    [Fact]
    public void Generate_HasTheStatedPeakAndStemLevels()
    {
        var demo = DemoMixture.Generate();

        float peak = demo.Mix.Channels.Max(c => c.Max(MathF.Abs));
        // Scaled in double, rounded to float once per stem and once in the sum: a few float ulps at most.
        Assert.Equal(DemoMixture.PeakLevel, peak, 1e-6);
        double ratioDb = 10 * Math.Log10(Energy(demo.Percussive.Channels) / Energy(demo.Harmonic.Channels));
        Assert.Equal(DemoMixture.PercussiveLevelDb, ratioDb, 1e-4);
    }

    private static double Energy(float[][] channels) => channels.Sum(c => c.Sum(v => (double)v * v));
}
