using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using KamHp.Dsp.Separation;

namespace KamHp.Dsp;

/// <summary>Host-side buffering: input ring, dry delay line, overlap-add ring, gains, fades, the Process loop.</summary>
public sealed partial class KamHpEngine
{
    private float[][] _inputRing = [];    // last 2 x FftSize input samples per channel, slot = sample & (2N-1)
    private float[][] _dryRing = [];      // input history for the delayed dry path, slot = sample & _dryMask
    private float[][] _olaRing = [];      // resynthesised harmonic, slot = sample & _olaMask (2N)
    private int _dryMask;
    private int _olaMask;

    private long _clock;                  // samples absorbed since the last restart (the framing clock)
    private float _gainHarmonic;
    private float _gainPercussive;
    private bool _gainsInitialized;
    private float _gainCoefficient;
    private int _fadeSamples;
    private int _fadeOutRemaining;        // > 0: fading out towards a restart
    private long _fadeOutStart;           // clock value of the fade-out's first sample
    private long _fadeInStart = long.MinValue;   // clock value where the post-restart fade-in starts
    private bool _fault;

    /// <summary>
    /// Processes one block. All spans have the same length n (0 or more; blocks longer than the prepared maximum are
    /// accepted too). For a mono engine the right-channel spans are ignored (pass empty ones).
    /// </summary>
    /// <param name="inputLeft">Left (or mono) input, n samples.</param>
    /// <param name="inputRight">Right input, n samples (stereo).</param>
    /// <param name="mixLeft">Receives gH·h + gP·p, left; n samples.</param>
    /// <param name="mixRight">Receives the mix, right; n samples (stereo).</param>
    /// <param name="harmonicLeft">Receives the harmonic part, left; n samples or empty (not wanted).</param>
    /// <param name="harmonicRight">Receives the harmonic part, right; n samples or empty.</param>
    /// <param name="percussiveLeft">Receives the percussive part (delayed input - harmonic), left; n samples or empty.</param>
    /// <param name="percussiveRight">Receives the percussive part, right; n samples or empty.</param>
    /// <param name="harmonicGain">Linear target gain of the harmonic part in the mix (smoothed per sample).</param>
    /// <param name="percussiveGain">Linear target gain of the percussive part in the mix (smoothed per sample).</param>
    /// <remarks>
    /// Harmonic and percussive outputs are not scaled by the gains; all outputs lag the input by <see cref="LatencySamples"/>.
    /// A block containing NaN or infinity is muted (all outputs zero) and the engine restarts: its output is silent for
    /// the latency and then fades in, with no trace of the bad block. Non-finite gains are ignored (previous targets kept).
    /// </remarks>
    /// <exception cref="InvalidOperationException">Called before <see cref="Prepare"/>.</exception>
    /// <exception cref="ArgumentException">Span lengths differ (a programming error, never data-dependent).</exception>
    public void Process(
        ReadOnlySpan<float> inputLeft,
        ReadOnlySpan<float> inputRight,
        Span<float> mixLeft,
        Span<float> mixRight,
        Span<float> harmonicLeft,
        Span<float> harmonicRight,
        Span<float> percussiveLeft,
        Span<float> percussiveRight,
        float harmonicGain,
        float percussiveGain)
    {
        ThrowIfNotPrepared();
        int n = inputLeft.Length;
        bool stereo = ChannelCount == 2;
        CheckLength(mixLeft.Length, n, false);
        CheckLength(harmonicLeft.Length, n, true);
        CheckLength(percussiveLeft.Length, n, true);
        if (stereo)
        {
            CheckLength(inputRight.Length, n, false);
            CheckLength(mixRight.Length, n, false);
            CheckLength(harmonicRight.Length, n, true);
            CheckLength(percussiveRight.Length, n, true);
        }

        if (n == 0)
        {
            return;
        }

        if (!StageKernels.AllFinite(inputLeft) || (stereo && !StageKernels.AllFinite(inputRight)))
        {
            MuteAndRestart(mixLeft, mixRight, harmonicLeft, harmonicRight, percussiveLeft, percussiveRight, stereo);
            return;
        }

        float targetH = float.IsFinite(harmonicGain) ? harmonicGain : _gainHarmonic;
        float targetP = float.IsFinite(percussiveGain) ? percussiveGain : _gainPercussive;
        if (!_gainsInitialized)
        {
            _gainHarmonic = targetH;
            _gainPercussive = targetP;
            _gainsInitialized = true;
        }

        var outputs = new Outputs(mixLeft, mixRight, harmonicLeft, harmonicRight, percussiveLeft, percussiveRight);
        int position = 0;
        while (position < n)
        {
            long due = NextDue();
            Debug.Assert(due >= _clock);
            int segment = (int)Math.Min(n - position, due - _clock + 1);
            if (_fadeOutRemaining > 0)
            {
                segment = Math.Min(segment, _fadeOutRemaining);
            }

            Absorb(inputLeft.Slice(position, segment), 0);
            if (stereo)
            {
                Absorb(inputRight.Slice(position, segment), 1);
            }

            _clock += segment;
            while (NextDue() < _clock)
            {
                RunStep();
            }

            Emit(outputs, position, segment, targetH, targetP, stereo);
            position += segment;
            if (_fadeOutRemaining > 0)
            {
                _fadeOutRemaining -= segment;
                if (_fadeOutRemaining == 0)
                {
                    Restart(fadeIn: true);
                }
            }
        }

        if (_fault || !OutputsFinite(outputs, stereo))
        {
            MuteAndRestart(mixLeft, mixRight, harmonicLeft, harmonicRight, percussiveLeft, percussiveRight, stereo);
        }
    }

    private static void CheckLength(int length, int expected, bool mayBeEmpty)
    {
        if (length != expected && !(mayBeEmpty && length == 0))
        {
            throw new ArgumentException("All input and output spans must have the block's length (optional outputs may be empty).");
        }
    }

    private static bool OutputsFinite(in Outputs o, bool stereo) =>
        StageKernels.AllFinite(o.MixLeft) && StageKernels.AllFinite(o.HarmonicLeft) && StageKernels.AllFinite(o.PercussiveLeft)
        && (!stereo || (StageKernels.AllFinite(o.MixRight) && StageKernels.AllFinite(o.HarmonicRight) && StageKernels.AllFinite(o.PercussiveRight)));

    private void MuteAndRestart(Span<float> mixLeft, Span<float> mixRight, Span<float> harmonicLeft, Span<float> harmonicRight, Span<float> percussiveLeft, Span<float> percussiveRight, bool stereo)
    {
        mixLeft.Clear();
        harmonicLeft.Clear();
        percussiveLeft.Clear();
        if (stereo)
        {
            mixRight.Clear();
            harmonicRight.Clear();
            percussiveRight.Clear();
        }

        Restart(fadeIn: true);
    }

    /// <summary>Writes input samples (denormals flushed) into the analysis ring and the dry delay line.</summary>
    private void Absorb(ReadOnlySpan<float> input, int channel)
    {
        WriteRing(input, _inputRing[channel], _clock, (2 * _fftSize) - 1);
        WriteRing(input, _dryRing[channel], _clock, _dryMask);
    }

    private static void WriteRing(ReadOnlySpan<float> input, float[] ring, long start, int mask)
    {
        int slot = (int)(start & mask);
        int first = Math.Min(input.Length, ring.Length - slot);
        StageKernels.FlushCopy(input[..first], DenormalThreshold, ring.AsSpan(slot, first));
        if (first < input.Length)
        {
            StageKernels.FlushCopy(input[first..], DenormalThreshold, ring.AsSpan(0, input.Length - first));
        }
    }

    /// <summary>
    /// Writes outputs for the samples just absorbed: h = resynthesised harmonic and x_d = dry input, both delayed by the
    /// latency; p = x_d - h; mix = gP·x_d + (gH - gP)·h (equal to gH·h + gP·p, and exactly x_d at equal gains).
    /// </summary>
    private void Emit(in Outputs o, int position, int count, float targetH, float targetP, bool stereo)
    {
        long first = _clock - count;
        int latency = _layout.LatencySamples;
        float gH = _gainHarmonic, gP = _gainPercussive, k = _gainCoefficient;
        if (gH == targetH && gP == targetP && first - latency >= 0 && _fadeOutRemaining == 0 && first - latency - _fadeInStart >= _fadeSamples)
        {
            // The common case, vectorised: gains settled, no fade, all samples after the stream's start. The same
            // roundings as the loop below (whose smoothing leaves settled gains unchanged and whose fade is then 1).
            EmitSettled(o.MixLeft, o.HarmonicLeft, o.PercussiveLeft, _dryRing[0], _olaRing[0], position, count, first - latency, gH, gP);
            if (stereo)
            {
                EmitSettled(o.MixRight, o.HarmonicRight, o.PercussiveRight, _dryRing[1], _olaRing[1], position, count, first - latency, gH, gP);
            }

            return;
        }

        float[] dryL = _dryRing[0], olaL = _olaRing[0];
        float[] dryR = stereo ? _dryRing[1] : dryL, olaR = stereo ? _olaRing[1] : olaL;
        bool wantH = !o.HarmonicLeft.IsEmpty, wantP = !o.PercussiveLeft.IsEmpty;
        bool wantHR = stereo && !o.HarmonicRight.IsEmpty, wantPR = stereo && !o.PercussiveRight.IsEmpty;
        for (int i = 0; i < count; i++)
        {
            gH += (targetH - gH) * k;
            gP += (targetP - gP) * k;
            if (MathF.Abs(targetH - gH) < 1e-6f)
            {
                gH = targetH;   // snap: the approach would otherwise end in denormals
            }

            if (MathF.Abs(targetP - gP) < 1e-6f)
            {
                gP = targetP;
            }

            long delayed = first + i - latency;
            int j = position + i;
            if (delayed < 0)
            {
                o.MixLeft[j] = 0;
                if (wantH)
                {
                    o.HarmonicLeft[j] = 0;
                }

                if (wantP)
                {
                    o.PercussiveLeft[j] = 0;
                }

                if (stereo)
                {
                    o.MixRight[j] = 0;
                    if (wantHR)
                    {
                        o.HarmonicRight[j] = 0;
                    }

                    if (wantPR)
                    {
                        o.PercussiveRight[j] = 0;
                    }
                }

                continue;
            }

            float fade = Fade(first + i);
            int drySlot = (int)(delayed & _dryMask);
            int olaSlot = (int)(delayed & _olaMask);
            float xL = dryL[drySlot], hL = olaL[olaSlot];
            o.MixLeft[j] = fade * ((gP * xL) + ((gH - gP) * hL));
            if (wantH)
            {
                o.HarmonicLeft[j] = fade * hL;
            }

            if (wantP)
            {
                o.PercussiveLeft[j] = fade * (xL - hL);
            }

            if (stereo)
            {
                float xR = dryR[drySlot], hR = olaR[olaSlot];
                o.MixRight[j] = fade * ((gP * xR) + ((gH - gP) * hR));
                if (wantHR)
                {
                    o.HarmonicRight[j] = fade * hR;
                }

                if (wantPR)
                {
                    o.PercussiveRight[j] = fade * (xR - hR);
                }
            }
        }

        _gainHarmonic = gH;
        _gainPercussive = gP;
    }

    private void EmitSettled(Span<float> mix, Span<float> harmonic, Span<float> percussive, float[] dry, float[] ola, int position, int count, long firstDelayed, float gH, float gP)
    {
        int done = 0;
        while (done < count)
        {
            long delayed = firstDelayed + done;
            int drySlot = (int)(delayed & _dryMask), olaSlot = (int)(delayed & _olaMask);
            int n = Math.Min(count - done, Math.Min(dry.Length - drySlot, ola.Length - olaSlot));
            ReadOnlySpan<float> x = dry.AsSpan(drySlot, n), h = ola.AsSpan(olaSlot, n);
            MixSettled(x, h, gP, gH - gP, mix.Slice(position + done, n));
            if (!harmonic.IsEmpty)
            {
                h.CopyTo(harmonic.Slice(position + done, n));
            }

            if (!percussive.IsEmpty)
            {
                TensorPrimitives.Subtract(x, h, percussive.Slice(position + done, n));
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
    private float Fade(long sample)
    {
        if (_fadeOutRemaining > 0)
        {
            long k = sample - _fadeOutStart;
            return Math.Max(0, _fadeSamples - 1 - k) / (float)_fadeSamples;
        }

        long sinceStart = sample - _fadeInStart - _layout.LatencySamples;
        if (sinceStart >= 0 && sinceStart < _fadeSamples)
        {
            return (sinceStart + 1) / (float)(_fadeSamples + 1);
        }

        return 1f;
    }

    /// <summary>Clears history and restarts the framing clock (applying pending settings); real-time safe.</summary>
    private void Restart(bool fadeIn)
    {
        ApplyPending();
        _clock = 0;
        foreach (float[] ring in _inputRing)
        {
            Array.Clear(ring);
        }

        foreach (float[] ring in _olaRing)
        {
            Array.Clear(ring);
        }

        _fadeOutRemaining = 0;
        _fadeInStart = fadeIn ? 0 : long.MinValue / 2;
        _fault = false;
        ResetStages();
    }

    private readonly ref struct Outputs(Span<float> mixLeft, Span<float> mixRight, Span<float> harmonicLeft, Span<float> harmonicRight, Span<float> percussiveLeft, Span<float> percussiveRight)
    {
        public Span<float> MixLeft { get; } = mixLeft;

        public Span<float> MixRight { get; } = mixRight;

        public Span<float> HarmonicLeft { get; } = harmonicLeft;

        public Span<float> HarmonicRight { get; } = harmonicRight;

        public Span<float> PercussiveLeft { get; } = percussiveLeft;

        public Span<float> PercussiveRight { get; } = percussiveRight;
    }
}
