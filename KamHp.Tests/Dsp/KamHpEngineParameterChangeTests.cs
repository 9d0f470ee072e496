using KamHp.Dsp;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp;

public sealed class KamHpEngineParameterChangeTests
{
    private const int Rate = 44100;
    private const int Block = 256;
    private const int ChangeAtBlock = 150;

    public enum Change
    {
        HarmonicGain,
        PercussiveGain,
        MaskSharpness,
        SpatialModelOff,
        SpatialModelOn,
        PercussiveKernel,
        HarmonicKernelInLive,
        IterationsInLive,
        LatencyMode,
        HarmonicKernelInInstant,
        IterationsInInstant,
        PercussiveKernelInInstant,
        LatencyModeToInstant,
    }

    // Property 8
    [Theory]
    [InlineData(Change.HarmonicGain)]
    [InlineData(Change.PercussiveGain)]
    [InlineData(Change.MaskSharpness)]
    [InlineData(Change.SpatialModelOff)]
    [InlineData(Change.SpatialModelOn)]
    [InlineData(Change.PercussiveKernel)]
    [InlineData(Change.HarmonicKernelInLive)]
    [InlineData(Change.IterationsInLive)]
    [InlineData(Change.LatencyMode)]
    [InlineData(Change.HarmonicKernelInInstant)]
    [InlineData(Change.IterationsInInstant)]
    [InlineData(Change.PercussiveKernelInInstant)]
    [InlineData(Change.LatencyModeToInstant)]
    public void Engine_ParameterChange_NeverStepsFurtherThanTheSignalItself(Change change)
    {
        // Sustained low tone chords, different per channel: smooth enough that a click from a parameter change would
        // be the largest sample-to-sample step in the output. The bound is the larger of the steps the engine makes
        // with either setting held throughout.
        int length = Block * 400;
        float[][] input = [TestSignals.Tones(length, Rate, [110, 164.8, 220]), TestSignals.Tones(length, Rate, [123.5, 185])];
        (EngineSettings before, EngineSettings after, (float H, float P) gainsBefore, (float H, float P) gainsAfter) = Scenario(change);

        float[][] changed = Run(input, before, after, gainsBefore, gainsAfter);
        float[][] heldBefore = Run(input, before, before, gainsBefore, gainsBefore);
        float[][] heldAfter = Run(input, after, after, gainsAfter, gainsAfter);
        for (int c = 0; c < 2; c++)
        {
            // A change crossfades the two held outputs (over a frame's overlap-add, or the 5 ms restart fades); where
            // they differ, the fade slope times the difference adds to the signal's own step, about 0.1% here. A click
            // would be a step of the order of the amplitude, several times the signal's largest step: 1% separates them.
            double bound = 1.01 * Math.Max(MaxStep(heldBefore[c]), MaxStep(heldAfter[c]));
            double step = MaxStep(changed[c]);
            Assert.True(step <= bound, $"channel {c}: largest step {step:E3} with the change, {bound:E3} without");
        }

        Assert.NotEqual(heldBefore[0], changed[0]);   // the change did take effect
    }

    private static (EngineSettings, EngineSettings, (float, float), (float, float)) Scenario(Change change)
    {
        var live = new EngineSettings { LatencyMode = LatencyMode.Live };
        var studio = new EngineSettings { LatencyMode = LatencyMode.Balanced };
        var instant = new EngineSettings { LatencyMode = LatencyMode.Instant };
        return change switch
        {
            Change.HarmonicKernelInInstant => (instant, instant with { HarmonicKernelSeconds = 1.0 }, (1f, 0.3f), (1f, 0.3f)),
            Change.IterationsInInstant => (instant, instant with { Iterations = 6 }, (1f, 0.3f), (1f, 0.3f)),
            Change.PercussiveKernelInInstant => (instant, instant with { PercussiveKernelHz = 600 }, (0.3f, 1f), (0.3f, 1f)),
            Change.LatencyModeToInstant => (studio, instant, (1f, 0.3f), (1f, 0.3f)),
            Change.HarmonicGain => (studio, studio, (1f, 0.3f), (0f, 0.3f)),
            Change.PercussiveGain => (studio, studio, (1f, 0f), (1f, 1f)),
            Change.MaskSharpness => (studio, studio with { MaskSharpness = 4 }, (1f, 0.3f), (1f, 0.3f)),
            Change.SpatialModelOff => (studio, studio with { SpatialModel = false }, (1f, 0.3f), (1f, 0.3f)),
            Change.SpatialModelOn => (studio with { SpatialModel = false }, studio, (1f, 0.3f), (1f, 0.3f)),
            Change.PercussiveKernel => (studio, studio with { PercussiveKernelHz = 600 }, (0.3f, 1f), (0.3f, 1f)),
            Change.HarmonicKernelInLive => (live, live with { HarmonicKernelSeconds = 1.0 }, (1f, 0.3f), (1f, 0.3f)),
            Change.IterationsInLive => (live, live with { Iterations = 6 }, (1f, 0.3f), (1f, 0.3f)),
            _ => (live, studio, (1f, 0.3f), (1f, 0.3f)),
        };
    }

    private static float[][] Run(float[][] input, EngineSettings before, EngineSettings after, (float H, float P) gainsBefore, (float H, float P) gainsAfter)
    {
        var engine = new KamHpEngine();
        engine.Configure(before);
        engine.Prepare(Rate, Block);
        int total = input[0].Length;
        float[][] mix = [new float[total], new float[total]];
        for (int start = 0, b = 0; start < total; start += Block, b++)
        {
            if (b == ChangeAtBlock && before != after)
            {
                engine.Configure(after);
            }

            (float h, float p) = b < ChangeAtBlock ? gainsBefore : gainsAfter;
            engine.Process(new AudioBuffer(input, start, Block), new AudioBuffer(mix, start, Block), default, default, h, p);
        }

        return mix;
    }

    private static double MaxStep(float[] signal)
    {
        double max = 0;
        for (int i = 1; i < signal.Length; i++)
        {
            max = Math.Max(max, Math.Abs(signal[i] - (double)signal[i - 1]));
        }

        return max;
    }
}
