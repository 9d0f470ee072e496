using System.Globalization;
using KamHp.Cli.Audio;
using KamHp.Dsp;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Separation.Methods;

namespace KamHp.Cli.Commands;

/// <summary>
/// The streaming path of <c>kamhp separate</c>: renders what the plugin would output by feeding <see cref="KamHpEngine"/>
/// the file in host-sized blocks (fixed, or random sizes from a seeded generator), then removes the reported latency so
/// the outputs line up with the input sample for sample. Also the option set (<see cref="StreamingOptions"/>) and the
/// renderer the evaluation's streaming job uses.
/// </summary>
internal static class StreamingRender
{
    /// <summary>Default host block size, samples.</summary>
    public const int DefaultBlockSize = 512;

    /// <summary>Largest fixed block size accepted, and the upper bound of random sizes.</summary>
    public const int MaxBlockSize = 65536;

    /// <summary>Random block sizes are drawn from 1..this.</summary>
    public const int MaxRandomBlockSize = 4096;

    /// <summary>
    /// Engine settings equal to the resolved offline settings of <paramref name="method"/>: same kernels (as physical
    /// sizes), iterations and spatial model. The engine's frames are the method's (<see cref="MethodGeometry.Framing"/>),
    /// which are the offline defaults of the method (the command refuses --fft and --hop with --streaming).
    /// </summary>
    public static EngineSettings EngineSettingsFor(KamSettings settings, int sampleRateHz, LatencyMode mode, SeparationMethod method) => new()
    {
        Method = method,
        Iterations = settings.Iterations,
        LatencyMode = mode,
        SpatialModel = settings.SpatialModel,

        // The engine rounds seconds x rate / hop back to the same odd count (and Hz x FFT size / rate likewise); its
        // percussive setting is the paper-relative one, which hires scales by MethodGeometry.HiResPercussiveWidthFraction.
        HarmonicKernelSeconds = settings.HarmonicKernelFrames * (double)settings.HopSize / sampleRateHz,
        PercussiveKernelHz = MethodGeometry.PercussiveKernelSettingHz(method, settings.PercussiveKernelBins * (double)sampleRateHz / settings.FftSize),
    };

    /// <summary>
    /// Feeds the clip and then latency zeros through a fresh engine in blocks; returns harmonic and percussive with
    /// the latency removed (output sample i is the engine's answer to input sample i).
    /// </summary>
    /// <param name="clip">Mono or stereo input.</param>
    /// <param name="settings">Engine settings.</param>
    /// <param name="blockSize">Fixed host block size, or null for random sizes 1..<see cref="MaxRandomBlockSize"/>.</param>
    /// <param name="seed">Seed of the random sizes.</param>
    /// <param name="progress">Receives the fraction done, 0..1.</param>
    public static StreamingResult Render(AudioClip clip, EngineSettings settings, int? blockSize, int seed, IProgress<double>? progress)
    {
        int channels = clip.ChannelCount;
        var harmonic = new float[channels][];
        var percussive = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            harmonic[c] = new float[clip.FrameCount];
            percussive[c] = new float[clip.FrameCount];
        }

        int latency = RenderPieces(clip, settings, blockSize, seed, progress, (start, h, p, offset, count) =>
        {
            for (int c = 0; c < channels; c++)
            {
                h[c].AsSpan(offset, count).CopyTo(harmonic[c].AsSpan(start, count));
                p[c].AsSpan(offset, count).CopyTo(percussive[c].AsSpan(start, count));
            }
        });
        return new StreamingResult(harmonic, percussive, latency, settings);
    }

    /// <summary>A piece of the streaming outputs: samples [start, start + count) are h[c][offset..], p[c][offset..].</summary>
    public delegate void PieceHandler(int start, float[][] harmonic, float[][] percussive, int offset, int count);

    /// <summary>
    /// As <see cref="Render"/>, handing each block's outputs (latency removed) to <paramref name="piece"/> in order
    /// instead of keeping them: memory independent of the clip's length beyond the clip. Returns the latency in samples.
    /// </summary>
    public static int RenderPieces(AudioClip clip, EngineSettings settings, int? blockSize, int seed, IProgress<double>? progress, PieceHandler piece)
    {
        int position = 0;
        return RenderPieces(
            clip.SampleRateHz, clip.ChannelCount, clip.FrameCount, settings, blockSize, seed, progress, piece, (destination, count) =>
            {
                int n = Math.Min(count, clip.FrameCount - position);
                for (int c = 0; c < clip.ChannelCount; c++)
                {
                    clip.Channels[c].AsSpan(position, n).CopyTo(destination[c]);
                }

                position += n;
                return n;
            });
    }

    /// <summary>Fills <c>destination[c][0..count)</c> with the next input samples; returns how many it gave (all until the end).</summary>
    public delegate int BlockSource(float[][] destination, int count);

    /// <summary>
    /// As <see cref="RenderPieces(AudioClip, EngineSettings, int?, int, IProgress{double}?, PieceHandler)"/>, reading the
    /// <paramref name="length"/> input frames block by block from <paramref name="source"/>: memory independent of the length.
    /// </summary>
    public static int RenderPieces(
        int sampleRateHz, int channels, long length, EngineSettings settings, int? blockSize, int seed, IProgress<double>? progress, PieceHandler piece, BlockSource source)
    {
        int maxBlock = blockSize ?? MaxRandomBlockSize;
        var engine = new KamHpEngine();
        engine.Configure(settings);
        engine.Prepare(sampleRateHz, maxBlock, channels);
        int latency = engine.LatencySamples;
        long total = (long)length + latency;

        var input = new float[channels][];
        var mixOut = new float[channels][];
        var harmonicOut = new float[channels][];
        var percussiveOut = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            input[c] = new float[maxBlock];
            mixOut[c] = new float[maxBlock];
            harmonicOut[c] = new float[maxBlock];
            percussiveOut[c] = new float[maxBlock];
        }

        var random = new Random(seed);
        long position = 0;
        long nextReport = 0;
        long reportEvery = Math.Max(1, total / 200);
        bool stereo = channels == 2;
        while (position < total)
        {
            int n = (int)Math.Min(blockSize ?? random.Next(1, MaxRandomBlockSize + 1), total - position);
            for (int c = 0; c < channels; c++)
            {
                input[c].AsSpan(0, n).Clear();
            }

            if (position < length)
            {
                int available = (int)Math.Min(n, length - position);
                if (source(input, available) != available)
                {
                    throw new EndOfStreamException($"the input ended before its declared {length} frames");
                }
            }

            engine.Process(
                new AudioBuffer(input, 0, n), new AudioBuffer(mixOut, 0, n), new AudioBuffer(harmonicOut, 0, n), new AudioBuffer(percussiveOut, 0, n), 1f, 1f);

            // Output sample position + i answers input sample position + i - latency.
            long first = Math.Max(position, latency);
            if (first < position + n)
            {
                int from = (int)(first - position);
                int to = (int)(first - latency);
                piece(to, harmonicOut, percussiveOut, from, n - from);
            }

            position += n;
            if (progress is not null && position >= nextReport)
            {
                progress.Report((double)position / total);
                nextReport = position + reportEvery;
            }
        }

        return latency;
    }

    /// <summary>One clause for the summary line: mode, latency, blocks.</summary>
    public static string Describe(StreamingRequest request, int sampleRateHz, KamSettings settings)
    {
        int latency = KamHpEngine.ComputeLatencySamples(sampleRateHz, EngineSettingsFor(settings, sampleRateHz, request.LatencyMode, request.Method));
        string blocks = request.BlockSize is int size
            ? string.Create(CultureInfo.InvariantCulture, $"blocks of {size}")
            : string.Create(CultureInfo.InvariantCulture, $"random blocks 1..{MaxRandomBlockSize} (seed {request.Seed})");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"streaming {request.LatencyMode.ToString().ToLowerInvariant()}, latency {latency} samples ({latency * 1000.0 / sampleRateHz:0.00} ms) removed, {blocks}");
    }

    /// <summary>
    /// The settings clause of the summary line in the Instant latency mode, which runs its own two-resolution geometry
    /// rather than the resolved FFT and kernels (null in the other modes): "instant: estimation FFT 8192 every 512,
    /// synthesis FFT 512/256, harmonic 2 frames past (23 ms), percussive 19 bins (102 Hz) then 9 bins, 2 iterations, no spatial model".
    /// </summary>
    public static string? InstantSetup(StreamingRequest request, int sampleRateHz, KamSettings settings)
    {
        if (request.LatencyMode != LatencyMode.Instant
            || EngineLayout.For(sampleRateHz, EngineSettingsFor(settings, sampleRateHz, request.LatencyMode, request.Method)) is not { Instant: { } geometry } layout)
        {
            return null;
        }

        double pastMs = 1000.0 * geometry.PastFrames * geometry.EstimationHopSize / sampleRateHz;
        double widthHz = geometry.PercussiveKernelBins * (double)sampleRateHz / geometry.EstimationFftSize;
        string refinement = layout.Iterations > 1 ? string.Create(CultureInfo.InvariantCulture, $" then {geometry.RefinementPercussiveKernelBins} bins") : string.Empty;
        string plural = layout.Iterations == 1 ? string.Empty : "s";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"instant: estimation FFT {geometry.EstimationFftSize} every {geometry.EstimationHopSize}, synthesis FFT {geometry.SynthesisFftSize}/{geometry.HopSize}, harmonic {geometry.PastFrames} frames past ({pastMs:0} ms), percussive {geometry.PercussiveKernelBins} bins ({widthHz:0} Hz){refinement}, {layout.Iterations} iteration{plural}, no spatial model");
    }
}
