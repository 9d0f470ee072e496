using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using KamHp.Dsp;

namespace KamHp.Benchmarks;

/// <summary>
/// The streaming engine on 10 s of stereo 44.1 kHz material in host blocks of 512 samples, per latency mode and
/// iteration count, spatial model on (the default). One operation = 10 s of audio, so the real-time factor is the
/// mean time / 10 s (column RTF). Allocated must read 0 B: the engine allocates nothing after Prepare.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RealTimeFactorConfig))]
public class EngineBenchmarks
{
    public const double Seconds = 10;
    private const int Block = 512;
    private KamHpEngine _engine = null!;
    private float[][] _input = [];
    private float[][] _output = [];

    [Params(LatencyMode.Live, LatencyMode.Balanced, LatencyMode.Studio)]
    public LatencyMode Mode { get; set; }

    [Params(1, 2, 5, 10)]
    public int Iterations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = BenchmarkSignals.Stereo(Seconds);
        _output = [new float[Block], new float[Block]];
        _engine = new KamHpEngine();
        _engine.Configure(new EngineSettings { LatencyMode = Mode, Iterations = Iterations });
        _engine.Prepare(BenchmarkSignals.SampleRateHz, Block);
    }

    [Benchmark(Description = "Process 10 s stereo 44.1 kHz")]
    public float ProcessTenSeconds()
    {
        _engine.Reset();
        int length = _input[0].Length;
        for (int start = 0; start + Block <= length; start += Block)
        {
            _engine.Process(new AudioBuffer(_input, start, Block), new AudioBuffer(_output[0], _output[1]), default, default, 1f, 1f);
        }

        return _output[0][0];
    }

    /// <summary>Adds the RTF column: mean time of one operation over the audio duration it processes.</summary>
    private sealed class RealTimeFactorConfig : ManualConfig
    {
        public RealTimeFactorConfig() => AddColumn(new RealTimeFactorColumn());
    }

    private sealed class RealTimeFactorColumn : IColumn
    {
        public string Id => nameof(RealTimeFactorColumn);

        public string ColumnName => "RTF";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Real-time factor: mean time / 10 s of audio (lower is faster; 0.005 = 200x real time)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            BenchmarkReport? report = summary[benchmarkCase];
            double? meanNs = report?.ResultStatistics?.Mean;
            return meanNs is double ns
                ? (ns / (Seconds * 1e9)).ToString("0.00000", System.Globalization.CultureInfo.InvariantCulture)
                : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
