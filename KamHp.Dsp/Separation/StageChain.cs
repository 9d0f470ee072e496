using KamHp.Dsp.Spatial;

namespace KamHp.Dsp.Separation;

/// <summary>
/// The streaming separator's stages in a row, and the output Wiener filter after the last: stage n works on frame
/// u - (n-1)·Ahead, the output filter on frame u - Iterations·Ahead (<see cref="EngineLayout.DelayFrames"/>), where u
/// is the newest analysed frame. Each method is one slice of a frame's work as <see cref="FrameScheduler"/> cuts it.
/// </summary>
internal sealed class StageChain
{
    private readonly Stage[] _stages;   // [1..MaxStages]; [0] unused

    /// <summary>Allocates <paramref name="maxStages"/> stages and the workspace for frames of up to <paramref name="maxBinCount"/> bins.</summary>
    public StageChain(int maxStages, int channelCount, int maxBinCount)
    {
        // Spectra are read up to maxStages x (largest look-ahead) frames after their analysis.
        Workspace = new FrameWorkspace(channelCount, maxBinCount, (maxStages * (KernelSizes.MaxCount / 2)) + 1);
        _stages = new Stage[maxStages + 1];
        for (int n = 1; n <= maxStages; n++)
        {
            _stages[n] = new Stage(n, Workspace.RowLength);
        }
    }

    /// <summary>The buffers and settings the stages share.</summary>
    public FrameWorkspace Workspace { get; }

    /// <summary>All stages back to their start state (after a restart). Real-time safe.</summary>
    public void Reset()
    {
        for (int n = 1; n < _stages.Length; n++)
        {
            _stages[n].Reset();
        }
    }

    /// <summary>Stages oldIterations+1 .. Iterations start at frame <paramref name="newestFrame"/> from the stage before each.</summary>
    public void AddStages(int oldIterations, long newestFrame)
    {
        EngineLayout layout = Workspace.Layout;
        for (int n = oldIterations + 1; n <= layout.Iterations; n++)
        {
            _stages[n].StartFrom(_stages[n - 1], newestFrame, layout.LookAheadFrames);
        }
    }

    /// <summary>Every stage restarts its covariances from identity (the spatial model was just turned on).</summary>
    public void RestartCovariances(long newestFrame)
    {
        for (int n = 1; n < _stages.Length; n++)
        {
            _stages[n].RestartCovariances(newestFrame, Workspace.Layout.LookAheadFrames);
        }
    }

    /// <summary>Stage <paramref name="stage"/>'s Wiener estimate, covariances and observations, bins of chunk <paramref name="chunk"/>.</summary>
    public void Observe(int stage, int chunk, long newestFrame)
    {
        long v = StageFrame(stage, newestFrame);
        if (v >= 0)
        {
            (int start, int length) = Workspace.Chunks[chunk];
            _stages[stage].Observe(stage == 1 ? null : _stages[stage - 1], v, start, length, Workspace);
        }
    }

    /// <summary>Stage <paramref name="stage"/>'s percussive median.</summary>
    public void PercussiveMedian(int stage, long newestFrame)
    {
        long v = StageFrame(stage, newestFrame);
        if (v >= 0)
        {
            _stages[stage].PercussiveMedian(v, Workspace);
        }
    }

    /// <summary>Stage <paramref name="stage"/>'s harmonic median, bins of chunk <paramref name="chunk"/>.</summary>
    public void HarmonicMedian(int stage, int chunk, long newestFrame)
    {
        long v = StageFrame(stage, newestFrame);
        if (v >= 0)
        {
            _stages[stage].HarmonicMedian(v, chunk, Workspace);
        }
    }

    /// <summary>
    /// The output Wiener filter (eq. 7 with the last stage's s_j and R_j, mask sharpness applied) of frame
    /// <see cref="OutputFrame"/>, bins of chunk <paramref name="chunk"/>, into the workspace's harmonic estimate.
    /// </summary>
    public void OutputFilter(int chunk, long newestFrame)
    {
        FrameWorkspace w = Workspace;
        long v = OutputFrame(newestFrame);
        if (v < 0)
        {
            return;
        }

        (int start, int length) = w.Chunks[chunk];
        Stage last = _stages[w.Layout.Iterations];
        ReadOnlySpan<float> sH = last.HarmonicPower(start, length);
        ReadOnlySpan<float> sP = last.PercussivePower(v).Slice(start, length);
        if (w.Sharpness != 1f)
        {
            Span<float> wH = w.WeightHarmonic.AsSpan(start, length), wP = w.WeightPercussive.AsSpan(start, length);
            FrameKernels.SharpenedWeights(sH, sP, w.Sharpness, wH, wP);
            sH = wH;
            sP = wP;
        }

        if (w.SpatialActive)
        {
            SpatialKernels.WienerHarmonic(
                sH, sP, last.HarmonicCovariance.Row(start, length), last.PercussiveCovariance.Row(start, length), w.Mixture(v, start, length),
                NumericalGuards.Regularization, NumericalGuards.PowerFloor, w.Harmonic(start, length));
            return;
        }

        FrameKernels.MaskedWiener(sH, sP, w.MixtureFrame(v, start, length), w.Mask.AsSpan(start, length), w.HarmonicFrame(start, length));
    }

    /// <summary>The frame the output filter works on while <paramref name="newestFrame"/> is the newest (negative: none yet).</summary>
    public long OutputFrame(long newestFrame) => newestFrame - Workspace.Layout.DelayFrames;

    private long StageFrame(int stage, long newestFrame) => newestFrame - ((stage - 1) * (long)Workspace.Layout.LookAheadFrames);
}
