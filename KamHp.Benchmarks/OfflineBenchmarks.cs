using BenchmarkDotNet.Attributes;
using KamHp.Dsp.Offline;
using NWaves.Operations;
using NWaves.Signals;

namespace KamHp.Benchmarks;

/// <summary>
/// The offline separator on 20 s of stereo 44.1 kHz in the paper's configuration (4096/1024, 17/17),
/// next to NWaves' HarmonicPercussiveSeparator doing the same one-iteration work (run per channel: it is mono).
/// Real-time factor = mean time / 20 s.
/// </summary>
[MemoryDiagnoser]
public class OfflineBenchmarks
{
    public const double Seconds = 20;
    private float[][] _stereo = [];

    [GlobalSetup]
    public void Setup() => _stereo = BenchmarkSignals.Stereo(Seconds);

    [Benchmark(Baseline = true, Description = "NWaves HPSS, 1 iteration, stereo")]
    public (DiscreteSignal, DiscreteSignal) NWavesOneIteration()
    {
        (DiscreteSignal, DiscreteSignal) last = default;
        foreach (float[] channel in _stereo)
        {
            var separator = new HarmonicPercussiveSeparator(4096, 1024, 17, 17, HpsMasking.WienerOrder2);
            last = separator.EvaluateSignals(new DiscreteSignal(BenchmarkSignals.SampleRateHz, channel));
        }

        return last;
    }

    [Benchmark(Description = "KamHp, 1 iteration, spatial off")]
    public SeparationResult KamOneIterationNoSpatial() => Run(1, spatial: false);

    [Benchmark(Description = "KamHp, 2 iterations, spatial on")]
    public SeparationResult KamTwoIterations() => Run(2, spatial: true);

    [Benchmark(Description = "KamHp, 10 iterations, spatial on")]
    public SeparationResult KamTenIterations() => Run(10, spatial: true);

    private SeparationResult Run(int iterations, bool spatial) =>
        new KamOfflineSeparator(new KamSettings { Iterations = iterations, SpatialModel = spatial }).Separate(_stereo);
}
