using KamHp.Dsp;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp;

/// <summary>
/// The engine's <see cref="SeparationMethod.HiRes"/> method (186 ms frames at hop FftSize/8): its layout and its switches
/// to and from the paper method. The properties of DESIGN.md section 5 are checked for both methods by
/// <see cref="KamHpEngineTests"/> and <see cref="KamHpEngineLatencyTests"/>, its equality with the offline separator by
/// <see cref="KamHpEngineEquivalenceTests"/>.
/// </summary>
public sealed class KamHpEngineHiResTests
{
    private const int Rate = 44100;

    [Fact]
    public void Layout_HiRes_HasTwiceThePapersFrame_AtThePapersHop_AndTheHiResKernels()
    {
        EngineLayout paper = EngineLayout.For(Rate, new EngineSettings());
        EngineLayout hires = EngineLayout.For(Rate, new EngineSettings { Method = SeparationMethod.HiRes });
        Assert.Equal((4096, 1024, 17, 17), (paper.FftSize, paper.HopSize, paper.HarmonicKernelFrames, paper.PercussiveKernelBins));
        Assert.Equal((8192, 1024, 17, 19), (hires.FftSize, hires.HopSize, hires.HarmonicKernelFrames, hires.PercussiveKernelBins));
        Assert.Equal(paper.LatencySamples + 4096, hires.LatencySamples);
        Assert.True(EngineLayout.MaxLatencySamples(Rate) >= EngineLayout.For(Rate, new EngineSettings
        {
            Method = SeparationMethod.HiRes, Iterations = EngineSettings.MaxIterations, HarmonicKernelSeconds = 100,
        }).LatencySamples);
    }

    [Fact]
    public void Layout_Instant_IgnoresTheMethod()
    {
        var paper = new EngineSettings { LatencyMode = LatencyMode.Instant };
        Assert.Equal(EngineLayout.For(Rate, paper), EngineLayout.For(Rate, paper with { Method = SeparationMethod.HiRes }));
    }

    [Theory]
    [InlineData(SeparationMethod.Paper, SeparationMethod.HiRes)]
    [InlineData(SeparationMethod.HiRes, SeparationMethod.Paper)]
    public void Engine_MethodChange_FadesOut_RestartsWithTheNewLatency_AndThenEqualsAFreshEngine(SeparationMethod from, SeparationMethod to)
    {
        float[][] input = KamHpEngineTests.StereoMusic(128 * 900);
        var before = new EngineSettings { Method = from, Iterations = 2, LatencyMode = LatencyMode.Balanced };
        EngineSettings after = before with { Method = to };
        KamHpEngine engine = KamHpEngineTests.Prepared(before);
        const int block = 128, switchBlock = 200;
        int total = input[0].Length;
        var mix = new float[2][] { new float[total], new float[total] };
        var harmonic = new float[2][] { new float[total], new float[total] };
        for (int start = 0, b = 0; start < total; start += block, b++)
        {
            if (b == switchBlock)
            {
                engine.Configure(after);
                Assert.NotEqual(KamHpEngine.ComputeLatencySamples(Rate, after), engine.LatencySamples);
            }

            engine.Process(new AudioBuffer(input, start, block), new AudioBuffer(mix, start, block), new AudioBuffer(harmonic, start, block), default, 1, 1);
        }

        Assert.Equal(KamHpEngine.ComputeLatencySamples(Rate, after), engine.LatencySamples);
        Assert.Equal(to, engine.Settings.Method);
        int fade = (int)Math.Round(KamHpEngine.RestartFadeSeconds * Rate);
        int restart = (switchBlock * block) + fade;
        float[][] rest = [input[0][restart..], input[1][restart..]];
        EngineRun fresh = EngineRunner.Run(KamHpEngineTests.Prepared(after), rest, EngineRunner.Fixed(block));
        int newLatency = engine.LatencySamples;
        for (int c = 0; c < 2; c++)
        {
            Assert.All(harmonic[c].AsSpan(restart, newLatency).ToArray(), v => Assert.Equal(0f, v));
            int compared = total - restart - newLatency - fade;
            Assert.True(compared > Rate / 2);
            Assert.Equal(fresh.Harmonic[c].AsSpan(fade, compared).ToArray(), harmonic[c].AsSpan(restart + newLatency + fade, compared).ToArray());
        }
    }
}
