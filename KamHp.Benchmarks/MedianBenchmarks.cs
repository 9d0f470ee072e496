using BenchmarkDotNet.Attributes;
using KamHp.Dsp.Filters;

namespace KamHp.Benchmarks;

/// <summary>
/// The lane-wise median over K rows of 2049 bins (one frame of the paper's 4096-point FFT):
/// the SIMD network against the scalar sort-based reference it is tested against.
/// </summary>
[MemoryDiagnoser]
public class MedianBenchmarks
{
    private const int Bins = 2049;
    private float[] _data = [];
    private int[] _rows = [];
    private float[] _destination = [];
    private LaneMedian _median = null!;

    [Params(17, 31)]
    public int KernelSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _data = new float[KernelSize * Bins];
        for (int i = 0; i < _data.Length; i++)
        {
            _data[i] = random.NextSingle();
        }

        _rows = new int[KernelSize];
        for (int r = 0; r < KernelSize; r++)
        {
            _rows[r] = r * Bins;
        }

        _destination = new float[Bins];
        _median = new LaneMedian(KernelSize);
    }

    [Benchmark(Baseline = true)]
    public void ScalarReference() => LaneMedian.ComputeReference(_data, _rows, _destination);

    [Benchmark]
    public void Simd() => _median.Compute(_data, _rows, _destination);
}
