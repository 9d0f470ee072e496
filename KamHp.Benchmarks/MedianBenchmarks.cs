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

/// <summary>
/// The two sliding medians of the offline separator per call: the harmonic window (<see cref="SortedLaneWindow.Slide"/>,
/// one frame in and one out per bin) and the percussive running median along bins (<see cref="SegmentedRunningMedian.Compute"/>),
/// at a worker's half row (1025 bins) and a whole row (2049 bins) of the paper's 4096-point frames.
/// </summary>
[MemoryDiagnoser]
public class SlidingMedianBenchmarks
{
    private const int Rows = 64;
    private float[][] _rows = [];
    private float[] _padded = [];
    private float[] _medians = [];
    private SortedLaneWindow _window = null!;
    private SegmentedRunningMedian _running = null!;
    private int _step;

    [Params(1025, 2049)]
    public int Bins { get; set; }

    [Params(17)]
    public int KernelSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(9);
        int lanes = (Bins + 7) / 8 * 8;
        _rows = new float[Rows][];
        for (int r = 0; r < Rows; r++)
        {
            _rows[r] = new float[lanes];
            for (int i = 0; i < lanes; i++)
            {
                _rows[r][i] = random.NextSingle();
            }
        }

        _padded = new float[Bins + KernelSize - 1];
        for (int i = 0; i < _padded.Length; i++)
        {
            _padded[i] = random.NextSingle();
        }

        _medians = new float[lanes];
        _window = new SortedLaneWindow(lanes, KernelSize);
        _running = new SegmentedRunningMedian(Bins);

        // Fill the window with the first K rows (each slide removes a zero of the cleared window).
        for (_step = 0; _step < KernelSize; _step++)
        {
            _window.Slide(new float[lanes], _rows[_step], KernelSize, 0, lanes, _medians);
        }
    }

    /// <summary>One frame of the harmonic median: the row K frames back leaves, the next row enters.</summary>
    [Benchmark]
    public void HarmonicSlide()
    {
        _window.Slide(_rows[(_step - KernelSize) % Rows], _rows[_step % Rows], KernelSize, 0, _medians.Length, _medians);
        _step++;
    }

    /// <summary>One row of the percussive median.</summary>
    [Benchmark]
    public void PercussiveRunningMedian() => _running.Compute(_padded, KernelSize, _medians.AsSpan(0, Bins));
}
