using KamHp.Dsp.Separation;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp.Separation;

public sealed class InstantSeparatorTests
{
    private const double Rate = 44100;

    [Fact]
    public void TonesAndClicks_AreSeparated_WithTheHarmonicPartAlignedAtTheSynthesisLatency()
    {
        int length = 6 * 44100;
        float[] tones = TestSignals.Tones(length, Rate, [220, 330, 440]);
        float[] clicks = TestSignals.Clicks(length, 4410, seed: 3, amplitude: 2f);
        float[] mix = TestSignals.Add(tones, clicks);
        var separator = new InstantSeparator(Rate, 1);
        int delay = separator.Geometry.SynthesisFftSize - 1;
        float[] harmonic = Run(separator, [mix], iterations: 1, delay)[0];

        // Read each sample once, SynthesisFftSize - 1 samples after it arrived: it is final then, and aligned.
        double aligned = SdrShifted(tones, harmonic, 0);
        double early = SdrShifted(tones, harmonic, -8);
        double late = SdrShifted(tones, harmonic, 8);
        Assert.True(aligned > 10, $"harmonic SDR {aligned:F1} dB");
        Assert.True(aligned > early + 3 && aligned > late + 3, $"aligned {aligned:F1}, 8 early {early:F1}, 8 late {late:F1} dB");
        Assert.True(aligned > SdrShifted(tones, mix, 0) + 5, $"{aligned:F1} dB, no better than the mixture ({SdrShifted(tones, mix, 0):F1} dB)");

        // Read half a frame sooner, the overlap-add is not complete yet.
        float[] tooSoon = Run(new InstantSeparator(Rate, 1), [mix], iterations: 1, delay / 2)[0];
        Assert.True(SdrShifted(tones, tooSoon, 0) < aligned - 3, $"read too soon: {SdrShifted(tones, tooSoon, 0):F1} dB against {aligned:F1} dB");
    }

    [Fact]
    public void IdenticalChannels_GiveIdenticalOutputs()
    {
        float[] mono = TestSignals.Add(TestSignals.Tones(44100, Rate, [300]), TestSignals.Clicks(44100, 8000, seed: 4));
        float[][] outputs = Run(new InstantSeparator(Rate, 2), [mono, (float[])mono.Clone()], iterations: 2, 511);
        Assert.Equal(outputs[0], outputs[1]);
    }

    [Fact]
    public void AddingAStage_ContinuesFromThePreviousStage_WithoutAStep()
    {
        // Adding a stage mid-stream starts it from the stage before it: its first frames equal what a stage that ran
        // all along would give once its window has only seen the same frames, so the output stays continuous.
        float[] signal = TestSignals.Add(TestSignals.Tones(3 * 44100, Rate, [250, 375]), TestSignals.Clicks(3 * 44100, 9000, seed: 6));
        var separator = new InstantSeparator(Rate, 1);
        float[] output = Run(separator, [signal], iterations: 1, 511, switchToIterationsAtFrame: (2, 300))[0];
        double largestStep = 0, largestSignalStep = 0;
        for (int i = 1; i < output.Length; i++)
        {
            largestStep = Math.Max(largestStep, Math.Abs(output[i] - output[i - 1]));
            largestSignalStep = Math.Max(largestSignalStep, Math.Abs(signal[i] - signal[i - 1]));
        }

        Assert.True(largestStep <= largestSignalStep, $"output step {largestStep}, signal step {largestSignalStep}");
        Assert.Equal(2, separator.Iterations);
    }

    [Fact]
    public void Estimation_RunsOnEveryOtherFrame_AndOtherFramesLeaveTheStagesAlone()
    {
        var separator = new InstantSeparator(Rate, 1);
        Assert.Equal(2, InstantGeometry.EstimationStride);
        Assert.Equal([false, true, false, true, false], Enumerable.Range(0, 5).Select(u => separator.IsEstimationFrame(u)));

        // A separator whose stages are run on every frame and one whose stages run on estimation frames only give the
        // same output: the synthesis frames between two estimation frames reuse the newest estimate.
        float[] signal = TestSignals.Add(TestSignals.Tones(44100, Rate, [250, 375]), TestSignals.Clicks(44100, 7000, seed: 8));
        float[] everyFrame = Run(new InstantSeparator(Rate, 1), [signal], iterations: 2, 511)[0];
        float[] estimationOnly = Run(new InstantSeparator(Rate, 1), [signal], iterations: 2, 511, stagesOnEstimationFramesOnly: true)[0];
        Assert.Equal(everyFrame, estimationOnly);
        Assert.Contains(everyFrame, x => x != 0);
    }

    private static float[][] Run(
        InstantSeparator separator, float[][] input, int iterations, int readDelay, (int Iterations, long Frame)? switchToIterationsAtFrame = null, bool stagesOnEstimationFramesOnly = false)
    {
        int channels = input.Length, length = input[0].Length, hop = separator.HopSize;
        separator.Configure(double.NaN, double.NaN, iterations, 1f, 0);
        var output = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            output[c] = new float[length];
        }

        int delay = readDelay;
        for (long frame = 0; (frame * hop) < length + delay + hop; frame++)
        {
            if (switchToIterationsAtFrame is { } change && change.Frame == frame)
            {
                separator.Configure(double.NaN, double.NaN, change.Iterations, 1f, frame);
            }

            long first = frame * hop;
            for (int c = 0; c < channels; c++)
            {
                var block = new float[hop];
                for (int i = 0; i < hop; i++)
                {
                    block[i] = first + i < length ? input[c][first + i] : 0f;
                }

                separator.Write(block, c, first, 1e-15f);
            }

            // A real-time reader emits sample s at clock s + delay, while this hop's samples arrive: before the frame
            // they complete has been worked on (one sample stricter than the engine, which works first at the frame's end).
            for (long s = Math.Max(0, first - delay); s <= first + hop - 1 - delay && s < length; s++)
            {
                for (int c = 0; c < channels; c++)
                {
                    output[c][s] = separator.Outputs[c][s];
                }
            }

            for (int c = 0; c < channels; c++)
            {
                separator.Analyze(frame, c);
            }

            for (int n = 1; n <= separator.Iterations && (!stagesOnEstimationFramesOnly || separator.IsEstimationFrame(frame)); n++)
            {
                separator.RunStage(n, frame);
            }

            for (int c = 0; c < channels; c++)
            {
                Assert.True(separator.Synthesize(frame, c));
            }
        }

        return output;
    }

    private static double SdrShifted(float[] reference, float[] estimate, int shift)
    {
        double signal = 0, error = 0;
        for (int i = 44100; i < reference.Length - 4096; i++)
        {
            double r = reference[i];
            double d = r - estimate[i + shift];
            signal += r * r;
            error += d * d;
        }

        return 10 * Math.Log10(signal / error);
    }
}
