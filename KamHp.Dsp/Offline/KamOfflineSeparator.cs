using System.Numerics.Tensors;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Dsp.Offline;

/// <summary>
/// Harmonic/percussive separation by Kernel Additive Modelling, exactly as Algorithm 1 of
/// D. FitzGerald, A. Liutkus, Z. Rafii, B. Pardo, L. Daudet, "Harmonic/Percussive Separation Using Kernel Additive
/// Modelling", IET ISSC 2014: two sources, binary proximity kernels (eqs. 11-12: a median over frames for the
/// harmonic source and over bins for the percussive one), spatial covariances re-estimated over the whole
/// excerpt (step 4b) or fixed to identity, multichannel Wiener filtering (eq. 7). The per-frame arithmetic is that of
/// the streaming stages (<see cref="FrameKernels"/>, <see cref="SpatialKernels"/>, <see cref="NumericalGuards"/>);
/// only the global R_j (steps 4b-4c over all frames) is this class's own.
/// </summary>
/// <remarks>
/// Decisions where the paper is silent, each a named constant below:
/// <list type="bullet">
/// <item>The harmonic estimate is the Wiener estimate of eq. 7; the percussive one is the mixture minus it. That is
/// eq. 7 for the percussive source too (the two Wiener gains add up to identity) wherever the mixture covariance is
/// invertible, and it makes the outputs sum to the input exactly.</item>
/// <item>Where both source powers are below <see cref="PowerFloor"/>, each source gets half the mixture (the split of
/// the initialisation).</item>
/// <item>Step 4b averages C_j / tr C_j only over frames whose tr C_j exceeds <see cref="PowerFloor"/> (silence has no
/// direction) and divides by their count, so tr R_j = I; with no such frame R_j stays identity.</item>
/// <item>Covariances are diagonally loaded by <see cref="Regularization"/> x (mean eigenvalue) before inversion: mono
/// material (L = R) makes them singular.</item>
/// </list>
/// Spatial model off, iteration 1 is FitzGerald's 2010 median-filter separation of the channel-averaged power
/// spectrogram with one Wiener mask for all channels. Iteration 1's Wiener filter (step 3 with s_H = s_P, R_j = I) is
/// the scalar mask of 1/2 with the spatial model on too.
/// <para>Storage (issue 14): nothing of the excerpt's length but the input. Every kernel of Algorithm 1 is local in
/// time except the global R_j of step 4b, so the iterations run as a chain over the frames in increasing order
/// (<see cref="OfflineStage"/>): iteration n works K/2 frames behind iteration n - 1 and keeps K + 1 rows of z_H and
/// K/2 + 1 rows of s_P; the output is overlap-added frame by frame and handed out in pieces
/// (<see cref="IHarmonicSink"/>). Without the spatial model that is one pass. With it, R_j of iteration n needs all
/// frames of that iteration's estimate before its observations can be formed, so pass n runs the chain up to iteration
/// n's Wiener filter and accumulates R_j^(n) (<see cref="ExcerptCovariances"/>), and a last pass runs every iteration
/// with the R_j now known: N + 1 passes that recompute the earlier iterations instead of storing s_j for every frame,
/// except that an excerpt of a few minutes keeps the powers s_j of the last iteration a pass computed for the next
/// pass to start from (<see cref="StagePowers"/>), so each iteration's stage runs twice at most.
/// The mixture spectrum is recomputed by each pass, or kept when it is small (<see cref="MixtureFrames"/>). Every value
/// is computed by the same kernels in the same order as a separator holding whole spectrograms, so the results are
/// equal to it bit for bit (a test keeps that separator as the reference).</para>
/// <para>Two threads at most (<see cref="LockstepWorkers"/>): each step of the chain runs on two shares of the bins
/// side by side, and the FFTs of a batch of frames by channel (<see cref="PassRunner"/>, <see cref="MixtureFrames"/>,
/// <see cref="OverlapAddOutput"/>). Every value is computed by the same operations whichever thread computes it, so
/// the results do not depend on the number of threads (a test). No allocation per frame.</para>
/// </remarks>
public sealed class KamOfflineSeparator
{
    /// <summary>Powers (and traces) at or below this are treated as silence; squared-magnitude units (<see cref="NumericalGuards.PowerFloor"/>).</summary>
    public const double PowerFloor = NumericalGuards.PowerFloor;

    /// <summary>Diagonal loading of a covariance before inversion, relative to its mean eigenvalue (<see cref="NumericalGuards.Regularization"/>).</summary>
    public const double Regularization = NumericalGuards.Regularization;

    /// <summary>Creates a separator; throws <see cref="ArgumentOutOfRangeException"/> for invalid settings.</summary>
    public KamOfflineSeparator(KamSettings settings)
    {
        settings.Validate();
        Settings = settings;
    }

    /// <summary>The settings.</summary>
    public KamSettings Settings { get; }

    /// <summary>Largest mixture spectrum kept between the passes of the spatial model, in bytes (tests set 0: recompute).</summary>
    internal long SpectrumCacheBytes { get; init; } = MixtureFrames.CacheBudgetBytes;

    /// <summary>Largest set of source powers kept between the passes of the spatial model, in bytes (tests set 0: recompute).</summary>
    internal long KeptPowersBytes { get; init; } = StagePowers.BudgetBytes;

    /// <summary>How long a worker spins at a barrier before it blocks, in microseconds (tests set 0 to exercise blocking).</summary>
    internal int BarrierSpinMicroseconds { get; init; } = LockstepWorkers.DefaultSpinMicroseconds;

    /// <summary>Threads that share each frame's bins, 1 or 2 (tests set 1: the results do not depend on it).</summary>
    internal int WorkerCount { get; init; } = LockstepWorkers.DefaultCount;

    /// <summary>Separates planar audio into harmonic and percussive signals held in memory.</summary>
    /// <param name="channels">1 or 2 channels of equal length, samples in any scale (typically -1..1).</param>
    /// <param name="everyIteration">Return the signals after every iteration (true) or only the last (false).</param>
    /// <param name="progress">Receives the fraction done, 0..1, as the passes advance.</param>
    /// <exception cref="ArgumentException">No channel, more than two, or unequal lengths.</exception>
    public SeparationResult Separate(IReadOnlyList<float[]> channels, bool everyIteration = false, IProgress<double>? progress = null)
    {
        int[] iterations = everyIteration ? [.. Enumerable.Range(1, Settings.Iterations)] : [Settings.Iterations];
        var sink = new MemorySink(channels, iterations);
        Separate(channels, iterations, sink, progress);
        return new SeparationResult([.. iterations.Select(sink.Result)]);
    }

    /// <summary>
    /// Separates planar audio, handing the harmonic estimate of each iteration in <paramref name="outputIterations"/>
    /// to <paramref name="sink"/> in pieces as it is synthesised (the percussive estimate is input - harmonic).
    /// </summary>
    /// <param name="channels">1 or 2 channels of equal length.</param>
    /// <param name="outputIterations">Iterations (1..Iterations) whose estimates are wanted.</param>
    /// <param name="sink">Receives the pieces.</param>
    /// <param name="progress">Receives the fraction done, 0..1, as the passes advance.</param>
    /// <exception cref="ArgumentException">No channel, more than two, unequal lengths, or an iteration out of range.</exception>
    public void Separate(IReadOnlyList<float[]> channels, IReadOnlyList<int> outputIterations, IHarmonicSink sink, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        CheckChannels(channels);
        int iterations = Settings.Iterations;
        if (outputIterations.Any(n => n < 1 || n > iterations))
        {
            throw new ArgumentException($"Output iterations must be 1..{iterations}.", nameof(outputIterations));
        }

        var stft = new Stft(Settings.Stft);
        bool spatial = channels.Count == 2 && Settings.SpatialModel;
        int half = Settings.HarmonicKernelFrames / 2;
        using var workers = new LockstepWorkers(WorkerCount) { SpinMicroseconds = BarrierSpinMicroseconds };
        var mixture = new MixtureFrames(stft, channels, (iterations * half) + 1, spatial ? SpectrumCacheBytes : 0, workers.Count);
        var run = new PassRunner(Settings, stft, mixture, spatial, workers, spatial ? KeptPowersBytes : 0, progress);

        // Iterations N - 1 and N come out of the output pass's last two stages, so it can start from kept powers.
        bool keep = outputIterations.All(n => n >= iterations - 1);
        run.PlanProgress(keep);
        for (int pass = 1; spatial && pass <= iterations; pass++)
        {
            run.Estimate(pass, keep);                   // R_j^(pass): step 4b over the whole excerpt
        }

        run.Output(outputIterations, sink, channels[0].Length, keep);
    }

    private static void CheckChannels(IReadOnlyList<float[]> channels)
    {
        if (channels.Count is < 1 or > 2)
        {
            throw new ArgumentException("Expected 1 or 2 channels.", nameof(channels));
        }

        if (channels.Any(c => c.Length != channels[0].Length))
        {
            throw new ArgumentException("All channels must have the same length.", nameof(channels));
        }
    }

    /// <summary>Collects the pieces into whole signals; percussive = input - harmonic at the end.</summary>
    private sealed class MemorySink : IHarmonicSink
    {
        private readonly IReadOnlyList<float[]> _input;
        private readonly Dictionary<int, float[][]> _harmonic = [];

        public MemorySink(IReadOnlyList<float[]> input, IEnumerable<int> iterations)
        {
            _input = input;
            foreach (int n in iterations)
            {
                _harmonic[n] = [.. input.Select(c => new float[c.Length])];
            }
        }

        public void Accept(int iteration, int start, int count, float[][] harmonic)
        {
            for (int c = 0; c < harmonic.Length; c++)
            {
                harmonic[c].AsSpan(0, count).CopyTo(_harmonic[iteration][c].AsSpan(start));
            }
        }

        public SeparatedSignals Result(int iteration)
        {
            float[][] harmonic = _harmonic[iteration];
            float[][] percussive = new float[harmonic.Length][];
            for (int c = 0; c < harmonic.Length; c++)
            {
                percussive[c] = new float[harmonic[c].Length];
                TensorPrimitives.Subtract(_input[c], harmonic[c], percussive[c]);
            }

            return new SeparatedSignals(iteration, harmonic, percussive);
        }
    }
}
