using System.Diagnostics;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Streaming;

namespace KamHp.Dsp;

/// <summary>The Process loop: absorb samples, run the slices that fell due, emit; restarts; the dispatch of a slice.</summary>
public sealed partial class KamHpEngine
{
    /// <summary>
    /// Processes one block of n = <paramref name="input"/>.FrameCount samples (0 or more; blocks longer than the
    /// prepared maximum are accepted too). Channels beyond <see cref="ChannelCount"/> are ignored.
    /// </summary>
    /// <param name="input">The input: at least ChannelCount channels of n samples.</param>
    /// <param name="mix">Receives gH·h + gP·p: at least ChannelCount channels of n samples.</param>
    /// <param name="harmonic">Receives the harmonic part: empty (not wanted), or channels of n samples (an empty channel is not written).</param>
    /// <param name="percussive">Receives the percussive part (delayed input - harmonic), like <paramref name="harmonic"/>.</param>
    /// <param name="harmonicGain">Linear target gain of the harmonic part in the mix (smoothed per sample).</param>
    /// <param name="percussiveGain">Linear target gain of the percussive part in the mix (smoothed per sample).</param>
    /// <remarks>
    /// Harmonic and percussive outputs are not scaled by the gains; all outputs lag the input by <see cref="LatencySamples"/>.
    /// A block containing NaN or infinity is muted (all outputs zero) and the engine restarts: its output is silent for
    /// the latency and then fades in, with no trace of the bad block. Non-finite gains are ignored (previous targets kept).
    /// </remarks>
    /// <exception cref="InvalidOperationException">Called before <see cref="Prepare"/>.</exception>
    /// <exception cref="ArgumentException">A buffer lacks a channel or has the wrong length (a programming error, never data-dependent).</exception>
    public void Process(AudioBuffer input, AudioBuffer mix, AudioBuffer harmonic, AudioBuffer percussive, float harmonicGain, float percussiveGain)
    {
        ThrowIfNotPrepared();
        int n = input.FrameCount;
        int channels = ChannelCount;
        if (!input.Covers(channels, n) || !mix.Covers(channels, n) || !harmonic.CoversOrOmits(channels, n) || !percussive.CoversOrOmits(channels, n))
        {
            throw new ArgumentException("Input and mix need the engine's channels of the block's length; optional outputs may omit channels.");
        }

        if (n == 0)
        {
            return;
        }

        if (!AllFinite(input))
        {
            MuteAndRestart(mix, harmonic, percussive);
            return;
        }

        (float targetH, float targetP) = _mixer.Targets(harmonicGain, percussiveGain);
        int position = 0;
        while (position < n)
        {
            long due = _scheduler.NextDue;
            Debug.Assert(due >= _clock);
            int segment = (int)Math.Min(n - position, due - _clock + 1);
            if (_mixer.FadeOutRemaining > 0)
            {
                segment = Math.Min(segment, _mixer.FadeOutRemaining);
            }

            for (int c = 0; c < channels; c++)
            {
                Absorb(input[c].Slice(position, segment), c);
            }

            _clock += segment;
            while (_scheduler.NextDue < _clock)
            {
                RunStep();
            }

            _mixer.Emit(HarmonicRings, mix, harmonic, percussive, position, segment, _clock, _layout.LatencySamples, targetH, targetP);
            position += segment;
            if (_mixer.AdvanceFadeOut(segment))
            {
                Restart(fadeIn: true);
            }
        }

        if (_fault || !AllFinite(mix) || !AllFinite(harmonic) || !AllFinite(percussive))
        {
            MuteAndRestart(mix, harmonic, percussive);
        }
    }

    private bool AllFinite(AudioBuffer buffer)
    {
        for (int c = 0; c < ChannelCount; c++)
        {
            if (!SampleKernels.AllFinite(buffer.ChannelOrEmpty(c)))
            {
                return false;
            }
        }

        return true;
    }

    private void MuteAndRestart(AudioBuffer mix, AudioBuffer harmonic, AudioBuffer percussive)
    {
        for (int c = 0; c < ChannelCount; c++)
        {
            mix.ChannelOrEmpty(c).Clear();
            harmonic.ChannelOrEmpty(c).Clear();
            percussive.ChannelOrEmpty(c).Clear();
        }

        Restart(fadeIn: true);
    }

    /// <summary>Writes input samples (denormals flushed) into the analysis ring and the dry delay line.</summary>
    private void Absorb(ReadOnlySpan<float> input, int channel)
    {
        if (InstantActive)
        {
            _instant.Write(input, channel, _clock, DenormalThreshold);
        }
        else
        {
            _stft.Write(input, channel, _clock, DenormalThreshold);
        }

        _mixer.Dry(channel).Write(input, _clock, DenormalThreshold);
    }

    /// <summary>Clears history and restarts the framing clock (applying pending settings); real-time safe.</summary>
    private void Restart(bool fadeIn)
    {
        ApplyPending();
        _clock = 0;
        _stft.Clear();
        _mixer.Restart(fadeIn);
        _fault = false;
        _scheduler.Reset();
        _chain.Reset();
        _instant.Reset();
        BuildPlan();
    }

    private void BuildPlan()
    {
        if (_layout.Instant is { } instant)
        {
            _scheduler.BuildInstantPlan(instant, _layout.Iterations, ChannelCount);
            return;
        }

        FrameWorkspace w = _chain.Workspace;
        _scheduler.BuildPlan(_layout, ChannelCount, w.Chunks, w.SpatialActive, w.Sharpness != 1f);
    }

    /// <summary>Runs the slice that is due next (at a frame's first slice, applying pending settings first).</summary>
    private void RunStep()
    {
        if (_scheduler.AtFrameStart)
        {
            BeginFrame();
        }

        WorkStep step = _scheduler.Current;
        long u = _scheduler.Frame;
        if (InstantActive)
        {
            RunInstantStep(step, u);
            _scheduler.Advance();
            return;
        }

        switch (step.Kind)
        {
            case WorkKind.Analyze:
                int bins = _layout.BinCount;
                _stft.Analyze(u, step.Index, _chain.Workspace.Spectra.Real(step.Index, u, 0, bins), _chain.Workspace.Spectra.Imag(step.Index, u, 0, bins));
                break;
            case WorkKind.Observe:
                _chain.Observe(step.Stage, step.Index, u);
                break;
            case WorkKind.Percussive:
                _chain.PercussiveMedian(step.Stage, u);
                break;
            case WorkKind.Harmonic:
                _chain.HarmonicMedian(step.Stage, step.Index, u);
                break;
            case WorkKind.Output:
                _chain.OutputFilter(step.Index, u);
                break;
            default:
                Synthesize(step.Index, u);
                break;
        }

        _scheduler.Advance();
    }

    /// <summary>Inverse FFT of the output filter's harmonic estimate and overlap-add; a non-finite frame faults the block.</summary>
    private void Synthesize(int channel, long newestFrame)
    {
        long v = _chain.OutputFrame(newestFrame);
        if (v < 0)
        {
            return;
        }

        int bins = _layout.BinCount;
        FrameWorkspace w = _chain.Workspace;
        if (!_stft.Synthesize(v, channel, w.HarmonicReal(channel, 0, bins), w.HarmonicImag(channel, 0, bins)))
        {
            _fault = true;   // overflow inside the stages (absurd input levels): Process mutes and restarts
        }
    }

    /// <summary>At a frame boundary: applies pending settings that keep the latency (others wait for the restart).</summary>
    private void BeginFrame()
    {
        if (_pending is null || _mixer.FadeOutRemaining > 0)
        {
            return;
        }

        if (_layout.NeedsRestartFor(EngineLayout.For(SampleRateHz, _pending.Value)))
        {
            Debug.Fail("Configure starts the fade-out for latency and frame changes.");
            return;
        }

        int oldIterations = _layout.Iterations;
        bool wasSpatial = _chain.Workspace.SpatialActive;
        ApplyPending();
        long u = _scheduler.Frame;

        // Only reachable with Ahead = 0 (otherwise iterations change the latency): a new stage starts from the
        // history and covariances of the stage before it, so adding an iteration does not empty the median window.
        if (InstantActive)
        {
            BuildPlan();   // ApplyPending has configured the Instant separator for this frame
            return;
        }

        _chain.AddStages(oldIterations, u);
        if (_chain.Workspace.SpatialActive && !wasSpatial)
        {
            _chain.RestartCovariances(u);
        }

        BuildPlan();
    }
}
