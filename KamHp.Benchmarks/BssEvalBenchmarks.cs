using BenchmarkDotNet.Attributes;
using KamHp.Evaluation;

namespace KamHp.Benchmarks;

/// <summary>
/// BSS Eval on 20 s of stereo at 44.1 kHz (the size of a corpus excerpt): preparing the references (spectra, the
/// 2048 x 2048 Gram matrix and its Cholesky factors) once per excerpt, then scoring one estimated image.
/// </summary>
[MemoryDiagnoser]
public class BssEvalBenchmarks
{
    private const int SampleCount = 20 * 44100;

    private float[][][] _references = [];
    private float[][] _estimate = [];
    private BssEval _eval = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(6);
        float[] Noise()
        {
            var signal = new float[SampleCount];
            for (int i = 0; i < SampleCount; i++)
            {
                signal[i] = random.NextSingle() - 0.5f;
            }

            return signal;
        }

        _references = [[Noise(), Noise()], [Noise(), Noise()]];
        _estimate = new float[2][];
        for (int c = 0; c < 2; c++)
        {
            _estimate[c] = new float[SampleCount];
            for (int i = 0; i < SampleCount; i++)
            {
                _estimate[c][i] = _references[0][c][i] + (0.1f * _references[1][c][i]) + (0.05f * (random.NextSingle() - 0.5f));
            }
        }

        _eval = new BssEval(_references);
    }

    [Benchmark]
    public BssEval PrepareReferences() => new(_references);

    [Benchmark]
    public BssEvalMetrics ScoreOneImage() => _eval.EvaluateImage(0, _estimate);
}
