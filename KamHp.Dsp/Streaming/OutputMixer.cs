using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KamHp.Dsp.Streaming;

/// <summary>
/// The engine's time-domain output: the dry input delayed by the latency (x_d), the resynthesised harmonic part (h),
/// percussive = x_d - h, and the mix gP·x_d + (gH - gP)·h (equal to gH·h + gP·p, and exactly x_d at equal gains) with
/// per-sample smoothed gains and the fades around a restart. Everything is indexed by the engine's clock (samples since
/// the last restart), so the output does not depend on block boundaries.
/// </summary>
internal sealed class OutputMixer
{
    /// <summary>Gains closer than this to their target snap to it: the exponential approach would otherwise end in denormals.</summary>
    private const float GainSnap = 1e-6f;

    private readonly SampleRing[] _dry;
    private readonly float _gainCoefficient;
    private readonly int _fadeSamples;
    private float _gainHarmonic;
    private float _gainPercussive;
    private bool _gainsInitialized;
    private long _fadeOutStart;                  // clock value of the fade-out's first sample
    private long _fadeInStart = long.MinValue;   // clock value where the post-restart fade-in starts

    /// <summary>Allocates dry delay lines of at least <paramref name="dryLength"/> samples per channel.</summary>
    /// <param name="sampleRateHz">Sample rate in Hz.</param>
    /// <param name="channelCount">Channels, 1 or 2.</param>
    /// <param name="dryLength">Samples the dry lines hold: the largest latency plus a hop plus one.</param>
    /// <param name="gainSmoothingSeconds">Time constant of the gain smoothing, in seconds.</param>
    /// <param name="fadeSeconds">Length of the restart fades, in seconds.</param>
    public OutputMixer(double sampleRateHz, int channelCount, int dryLength, double gainSmoothingSeconds, double fadeSeconds)
    {
        _dry = new SampleRing[channelCount];
        for (int c = 0; c < channelCount; c++)
        {
            _dry[c] = new SampleRing(dryLength);
        }

        _fadeSamples = Math.Max(1, (int)Math.Round(fadeSeconds * sampleRateHz));
        _gainCoefficient = (float)-double.ExpM1(-1.0 / (gainSmoothingSeconds * sampleRateHz));
    }

    /// <summary>Samples left in the fade-out before a restart (0: not fading out).</summary>
    public int FadeOutRemaining { get; private set; }

    /// <summary>The dry input history of one channel, indexed by clock.</summary>
    public SampleRing Dry(int channel) => _dry[channel];

    /// <summary>Starts the fade-out towards a restart at clock <paramref name="clock"/>, unless one is running.</summary>
    public void BeginFadeOut(long clock)
    {
        if (FadeOutRemaining == 0)
        {
            FadeOutRemaining = _fadeSamples;
            _fadeOutStart = clock;
        }
    }

    /// <summary>Counts <paramref name="samples"/> emitted during a fade-out; true when it has just ended (time to restart).</summary>
    public bool AdvanceFadeOut(int samples)
    {
        if (FadeOutRemaining == 0)
        {
            return false;
        }

        FadeOutRemaining -= samples;
        return FadeOutRemaining == 0;
    }

    /// <summary>After a restart (clock 0): no fade-out; with <paramref name="fadeIn"/>, the restarted stream fades in once its latency has passed.</summary>
    public void Restart(bool fadeIn)
    {
        FadeOutRemaining = 0;
        _fadeInStart = fadeIn ? 0 : long.MinValue / 2;
    }

    /// <summary>The next targets set the gains at once (no smoothing from the old values), as after Prepare or Reset.</summary>
    public void SnapGains() => _gainsInitialized = false;

    /// <summary>Takes this block's target gains: non-finite targets keep the previous ones; the first targets after a snap are taken at once.</summary>
    public (float Harmonic, float Percussive) Targets(float harmonicGain, float percussiveGain)
    {
        float targetH = float.IsFinite(harmonicGain) ? harmonicGain : _gainHarmonic;
        float targetP = float.IsFinite(percussiveGain) ? percussiveGain : _gainPercussive;
        if (!_gainsInitialized)
        {
            _gainHarmonic = targetH;
            _gainPercussive = targetP;
            _gainsInitialized = true;
        }

        return (targetH, targetP);
    }

    /// <summary>
    /// Writes outputs [position, position + count) for the clock values [clock - count, clock): h and x_d read
    /// <paramref name="latency"/> samples back; zeros before the stream's start.
    /// </summary>
    public void Emit(
        ReadOnlySpan<SampleRing> harmonicRings, AudioBuffer mix, AudioBuffer harmonic, AudioBuffer percussive,
        int position, int count, long clock, int latency, float targetH, float targetP)
    {
        long first = clock - count;
        float gH = _gainHarmonic, gP = _gainPercussive;
        int channels = _dry.Length;
        if (gH == targetH && gP == targetP && first - latency >= 0 && FadeOutRemaining == 0 && first - latency - _fadeInStart >= _fadeSamples)
        {
            // The common case, vectorised: gains settled, no fade, all samples after the stream's start. The same
            // roundings as the loop below (whose smoothing leaves settled gains unchanged and whose fade is then 1).
            for (int c = 0; c < channels; c++)
            {
                EmitSettled(
                    mix[c].Slice(position, count), Optional(harmonic, c, position, count), Optional(percussive, c, position, count),
                    _dry[c], harmonicRings[c], first - latency, gH, gP);
            }

            return;
        }

        // Each channel runs the same gain recurrence from the same start, so all channels see the same gains.
        for (int c = 0; c < channels; c++)
        {
            (_gainHarmonic, _gainPercussive) = EmitSmoothed(
                mix[c].Slice(position, count), Optional(harmonic, c, position, count), Optional(percussive, c, position, count),
                _dry[c], harmonicRings[c], first, latency, gH, gP, targetH, targetP);
        }
    }

    private static Span<float> Optional(AudioBuffer buffer, int channel, int position, int count) =>
        buffer.ChannelOrEmpty(channel).IsEmpty ? default : buffer[channel].Slice(position, count);

    private (float Harmonic, float Percussive) EmitSmoothed(
        Span<float> mix, Span<float> harmonic, Span<float> percussive, SampleRing dryRing, SampleRing harmonicRing,
        long first, int latency, float gH, float gP, float targetH, float targetP)
    {
        float k = _gainCoefficient;
        float[] dry = dryRing.Samples, ola = harmonicRing.Samples;
        int dryMask = dryRing.Mask, olaMask = harmonicRing.Mask;
        bool wantH = !harmonic.IsEmpty, wantP = !percussive.IsEmpty;
        for (int i = 0; i < mix.Length; i++)
        {
            gH += (targetH - gH) * k;
            gP += (targetP - gP) * k;
            if (MathF.Abs(targetH - gH) < GainSnap)
            {
                gH = targetH;
            }

            if (MathF.Abs(targetP - gP) < GainSnap)
            {
                gP = targetP;
            }

            long delayed = first + i - latency;
            if (delayed < 0)
            {
                mix[i] = 0;
                if (wantH)
                {
                    harmonic[i] = 0;
                }

                if (wantP)
                {
                    percussive[i] = 0;
                }

                continue;
            }

            float fade = Fade(first + i, latency);
            float x = dry[(int)(delayed & dryMask)], h = ola[(int)(delayed & olaMask)];
            mix[i] = fade * ((gP * x) + ((gH - gP) * h));
            if (wantH)
            {
                harmonic[i] = fade * h;
            }

            if (wantP)
            {
                percussive[i] = fade * (x - h);
            }
        }

        return (gH, gP);
    }

    private static void EmitSettled(
        Span<float> mix, Span<float> harmonic, Span<float> percussive, SampleRing dry, SampleRing ola, long firstDelayed, float gH, float gP)
    {
        int count = mix.Length;
        int done = 0;
        while (done < count)
        {
            long delayed = firstDelayed + done;
            Span<float> dryRun = dry.Contiguous(delayed, count - done);
            Span<float> olaRun = ola.Contiguous(delayed, dryRun.Length);
            int n = olaRun.Length;
            ReadOnlySpan<float> x = dryRun[..n], h = olaRun;
            MixSettled(x, h, gP, gH - gP, mix.Slice(done, n));
            if (!harmonic.IsEmpty)
            {
                h.CopyTo(harmonic.Slice(done, n));
            }

            if (!percussive.IsEmpty)
            {
                TensorPrimitives.Subtract(x, h, percussive.Slice(done, n));
            }

            done += n;
        }
    }

    /// <summary>mix = gP·x + d·h: two products and one sum, never fused (so exactly the per-sample loop's result on any CPU).</summary>
    private static void MixSettled(ReadOnlySpan<float> x, ReadOnlySpan<float> h, float gP, float d, Span<float> mix)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vp = Vector256.Create(gP);
            var vd = Vector256.Create(d);
            ref float rx = ref MemoryMarshal.GetReference(x);
            ref float rh = ref MemoryMarshal.GetReference(h);
            ref float rm = ref MemoryMarshal.GetReference(mix);
            for (; i + 8 <= x.Length; i += 8)
            {
                ((vp * Vector256.LoadUnsafe(ref rx, (nuint)i)) + (vd * Vector256.LoadUnsafe(ref rh, (nuint)i))).StoreUnsafe(ref rm, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            mix[i] = (gP * x[i]) + (d * h[i]);
        }
    }

    /// <summary>Fade gain at clock value <paramref name="sample"/>: down before a restart, up after the restarted stream begins.</summary>
    private float Fade(long sample, int latency)
    {
        if (FadeOutRemaining > 0)
        {
            long k = sample - _fadeOutStart;
            return Math.Max(0, _fadeSamples - 1 - k) / (float)_fadeSamples;
        }

        long sinceStart = sample - _fadeInStart - latency;
        if (sinceStart >= 0 && sinceStart < _fadeSamples)
        {
            return (sinceStart + 1) / (float)(_fadeSamples + 1);
        }

        return 1f;
    }
}
