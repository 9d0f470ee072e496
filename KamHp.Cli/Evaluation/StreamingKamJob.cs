using System.Diagnostics;
using KamHp.Cli.Audio;
using KamHp.Dsp;

namespace KamHp.Cli.Evaluation;

/// <summary>
/// The real-time engine run over the whole mixture in host blocks of <see cref="BlockSize"/> samples, followed by
/// LatencySamples of silence to flush it; the outputs are shifted back by the reported latency so they line up with
/// the stems sample for sample.
/// </summary>
internal sealed class StreamingKamJob : IEvalJob
{
    /// <summary>Host block size in samples (a common DAW buffer; the output does not depend on it).</summary>
    public const int BlockSize = 512;

    private readonly EngineSettings _settings;

    public StreamingKamJob(string latencyMode, int iterations, bool spatial)
    {
        _settings = new EngineSettings
        {
            Iterations = iterations,
            SpatialModel = spatial,
            LatencyMode = latencyMode switch
            {
                "live" => LatencyMode.Live,
                "balanced" => LatencyMode.Balanced,
                "studio" => LatencyMode.Studio,
                _ => throw new ArgumentOutOfRangeException(nameof(latencyMode), latencyMode, "Expected live, balanced or studio."),
            },
        };
        Settings = [new EvalSetting(EvalMethod.Kam, EvalMode.Streaming, latencyMode, iterations, spatial)];
    }

    public IReadOnlyList<EvalSetting> Settings { get; }

    public IReadOnlyList<StemSeparation> Separate(AudioClip mix, IProgress<double>? progress)
    {
        int channels = mix.Channels.Length;
        int length = mix.Channels[0].Length;
        var stopwatch = Stopwatch.StartNew();
        // Settings before Prepare: Prepare applies them and resets, so the run starts in the requested layout
        // (a Configure after Prepare that changes the latency would fade out and restart the engine).
        var engine = new KamHpEngine();
        engine.Configure(_settings);
        engine.Prepare(mix.SampleRateHz, BlockSize, channels);
        int latency = KamHpEngine.ComputeLatencySamples(mix.SampleRateHz, _settings);
        int total = length + latency;

        var harmonic = new float[channels][];
        var percussive = new float[channels][];
        var input = new float[channels][];
        var mixOut = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            harmonic[c] = new float[total];
            percussive[c] = new float[total];
            input[c] = new float[BlockSize];
            mixOut[c] = new float[BlockSize];
        }

        for (int start = 0; start < total; start += BlockSize)
        {
            int n = Math.Min(BlockSize, total - start);
            for (int c = 0; c < channels; c++)
            {
                Array.Clear(input[c]);
                int available = Math.Clamp(length - start, 0, n);
                if (available > 0)
                {
                    Array.Copy(mix.Channels[c], start, input[c], 0, available);
                }
            }

            bool stereo = channels == 2;
            engine.Process(
                input[0].AsSpan(0, n),
                stereo ? input[1].AsSpan(0, n) : [],
                mixOut[0].AsSpan(0, n),
                stereo ? mixOut[1].AsSpan(0, n) : [],
                harmonic[0].AsSpan(start, n),
                stereo ? harmonic[1].AsSpan(start, n) : [],
                percussive[0].AsSpan(start, n),
                stereo ? percussive[1].AsSpan(start, n) : [],
                1f,
                1f);
            if ((start / BlockSize) % 64 == 0)
            {
                progress?.Report((double)start / total);
            }
        }

        double seconds = stopwatch.Elapsed.TotalSeconds;
        if (engine.LatencySamples != latency)
        {
            throw new InvalidOperationException($"Engine reports {engine.LatencySamples} samples of latency, ComputeLatencySamples {latency}.");
        }

        for (int c = 0; c < channels; c++)
        {
            harmonic[c] = harmonic[c][latency..];
            percussive[c] = percussive[c][latency..];
        }

        progress?.Report(1);
        return [new StemSeparation(Settings[0], harmonic, percussive, seconds, latency)];
    }
}
