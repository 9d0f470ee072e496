using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Tests.Plugin;

/// <summary>
/// The latency the processor reports is the delay of its output, for every method at 44.1 and 48 kHz, with a host's
/// block size: a music null test (the output at balance 0 against the input shifted by the reported latency), so a
/// delay that is off by a few samples shows as a large residual, not only as a moved impulse peak.
/// </summary>
public sealed class ReportedLatencyNullTests
{
    // Float rounding of the engine at unity gains; a shift of one sample in this music leaves residuals near the signal.
    private const float NullTolerance = 1e-5f;

    [Theory]
    [InlineData(44100.0, 0, 1024)]
    [InlineData(44100.0, 1, 1024)]
    [InlineData(48000.0, 0, 1024)]
    [InlineData(48000.0, 1, 1024)]
    [InlineData(44100.0, 1, 256)]
    public void Output_IsTheInputDelayedByTheReportedLatency(double sampleRateHz, int method, int blockSize)
    {
        var processor = new KamHpProcessor();
        var changes = new ParameterQueues().AddPlain(ParameterId.Method, 0, method);
        processor.Process(default, default, default, default, 0, changes);
        processor.Activate(sampleRateHz, blockSize, 2);
        var latency = processor.LatencySamples;

        var (left, right) = TestSignals.Music(latency + (int)sampleRateHz, sampleRateHz, 3);
        var output = StereoRender.Run(processor, left, right, blockSize);

        var (lag, residual) = BestLag(left, output.MainLeft, latency, 64);
        Assert.True(lag == 0 && residual <= NullTolerance, $"output delayed by {latency + lag} samples, reported {latency} (residual {residual} at the best lag)");
    }

    /// <summary>The shift from <paramref name="latency"/> within ±<paramref name="range"/> with the smallest peak residual.</summary>
    private static (int Lag, float Residual) BestLag(float[] input, float[] output, int latency, int range)
    {
        var peak = TestSignals.Peak(input);
        var best = (Lag: 0, Residual: float.MaxValue);
        for (var lag = -range; lag <= range; lag++)
        {
            var worst = 0f;
            for (var i = latency + range; i < output.Length - range; i++)
            {
                worst = Math.Max(worst, Math.Abs(output[i + lag] - input[i - latency]));
            }

            if (worst / peak < best.Residual)
            {
                best = (lag, worst / peak);
            }
        }

        return best;
    }
}
