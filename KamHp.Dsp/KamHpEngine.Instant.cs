using KamHp.Dsp.Separation;
using KamHp.Dsp.Streaming;

namespace KamHp.Dsp;

/// <summary>The Instant latency mode: the frame work goes to an <see cref="InstantSeparator"/> instead of the stage chain.</summary>
public sealed partial class KamHpEngine
{
    private InstantSeparator _instant = null!;

    /// <summary>Whether the layout in effect is <see cref="LatencyMode.Instant"/>.</summary>
    private bool InstantActive => _layout.Instant is not null;

    /// <summary>The rings the mixer reads the harmonic part from: the Instant separator's or the STFT's.</summary>
    private ReadOnlySpan<SampleRing> HarmonicRings => InstantActive ? _instant.Outputs : _harmonicRings;

    private void AllocateInstant(double sampleRateHz, int channels) => _instant = new InstantSeparator(sampleRateHz, channels);

    /// <summary>Hands the settings in effect to the Instant separator (at a frame boundary or a restart).</summary>
    private void ConfigureInstant()
    {
        if (InstantActive)
        {
            EngineSettings s = Settings;
            _instant.Configure(s.HarmonicKernelSeconds, s.PercussiveKernelHz, _layout.Iterations, s.MaskSharpness, _scheduler.Frame);
        }
    }

    /// <summary>One slice of an Instant frame (<see cref="FrameScheduler.BuildInstantPlan"/>).</summary>
    private void RunInstantStep(WorkStep step, long frame)
    {
        switch (step.Kind)
        {
            case WorkKind.Analyze:
                _instant.Analyze(frame, step.Index);
                break;
            case WorkKind.Observe:
                _instant.RunStage(step.Stage, frame);
                break;
            default:
                if (!_instant.Synthesize(frame, step.Index))
                {
                    _fault = true;   // overflow (absurd input levels): Process mutes and restarts
                }

                break;
        }
    }
}
