using System.Buffers.Binary;
using System.Text.Json;
using KamHp.Evaluation;

namespace KamHp.Tests.Evaluation;

/// <summary>
/// Our BSS Eval against figures computed once by mir_eval 0.7 (Debian 12 python3-mir-eval) on stored signals.
/// Data/make_parity_data.py produced Data/references.f32, Data/estimates.f32 and Data/mir_eval.json; CI does not run it.
/// </summary>
public sealed class BssEvalParityTests
{
    // The parity requirement. Both sides compute in double from the same float32 samples; they differ only in
    // the order of rounding (FFT implementation, Cholesky vs LU), which moves these figures by far less than 0.01 dB.
    private const double ToleranceDb = 0.01;

    private static readonly string s_dataFolder = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Data");

    [Fact]
    public void EvaluateImage_MatchesMirEvalBssEvalImages_OnStoredStereoPair()
    {
        using JsonDocument expected = ReadExpected();
        float[][][] references = ReadSignals("references.f32", expected.RootElement);
        float[][][] estimates = ReadSignals("estimates.f32", expected.RootElement);
        JsonElement images = expected.RootElement.GetProperty("images");

        var eval = new BssEval(references);
        for (int j = 0; j < references.Length; j++)
        {
            BssEvalMetrics m = eval.EvaluateImage(j, estimates[j]);
            Assert.Equal(images.GetProperty("sdr")[j].GetDouble(), m.SdrDb, ToleranceDb);
            Assert.Equal(images.GetProperty("isr")[j].GetDouble(), m.IsrDb, ToleranceDb);
            Assert.Equal(images.GetProperty("sir")[j].GetDouble(), m.SirDb, ToleranceDb);
            Assert.Equal(images.GetProperty("sar")[j].GetDouble(), m.SarDb, ToleranceDb);
        }
    }

    [Fact]
    public void EvaluateSource_MatchesMirEvalBssEvalSources_OnChannelZero()
    {
        using JsonDocument expected = ReadExpected();
        float[][][] references = ReadSignals("references.f32", expected.RootElement);
        float[][][] estimates = ReadSignals("estimates.f32", expected.RootElement);
        JsonElement sources = expected.RootElement.GetProperty("sourcesChannel0");

        var eval = new BssEval([[references[0][0]], [references[1][0]]]);
        for (int j = 0; j < references.Length; j++)
        {
            BssEvalMetrics m = eval.EvaluateSource(j, estimates[j][0]);
            Assert.Equal(sources.GetProperty("sdr")[j].GetDouble(), m.SdrDb, ToleranceDb);
            Assert.Equal(sources.GetProperty("sir")[j].GetDouble(), m.SirDb, ToleranceDb);
            Assert.Equal(sources.GetProperty("sar")[j].GetDouble(), m.SarDb, ToleranceDb);
            Assert.True(double.IsNaN(m.IsrDb));
        }
    }

    private static JsonDocument ReadExpected() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(s_dataFolder, "mir_eval.json")));

    private static float[][][] ReadSignals(string file, JsonElement meta)
    {
        int sources = meta.GetProperty("sources").GetInt32();
        int channels = meta.GetProperty("channels").GetInt32();
        int samples = meta.GetProperty("samples").GetInt32();
        byte[] bytes = File.ReadAllBytes(Path.Combine(s_dataFolder, file));
        Assert.Equal(sources * channels * samples * sizeof(float), bytes.Length);
        var result = new float[sources][][];
        int offset = 0;
        for (int j = 0; j < sources; j++)
        {
            result[j] = new float[channels][];
            for (int c = 0; c < channels; c++)
            {
                result[j][c] = new float[samples];
                for (int t = 0; t < samples; t++, offset += sizeof(float))
                {
                    result[j][c][t] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset));
                }
            }
        }

        return result;
    }
}
