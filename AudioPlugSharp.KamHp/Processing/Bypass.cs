using KamHp.Dsp.Streaming;

namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// Bypass that keeps the latency: the dry input runs through a delay equal to the active latency (a
/// <see cref="SampleRing"/>, the primitive the engine delays its own dry signal with) and is crossfaded with
/// the processed signal over <see cref="FadeSeconds"/>; the stems fade to silence. The engine keeps running while
/// bypassed, so leaving bypass is seamless. Audio thread after <see cref="Prepare"/>; no allocation in
/// <see cref="Reset"/> or <see cref="Process"/>.
/// </summary>
internal sealed class Bypass
{
    /// <summary>Length of the crossfade, in seconds.</summary>
    public const double FadeSeconds = 0.02;

    private SampleRing[] _dry = [];
    private int _latencySamples;
    private long _written;
    private float[] _dryLeft = [];
    private float[] _dryRight = [];
    private int _maxLatencySamples;
    private float _target;
    private float _mix;
    private float _step = 1f;

    /// <summary>Allocates the delays for latencies up to <paramref name="maxLatencySamples"/> (setup).</summary>
    public void Prepare(double sampleRateHz, int channelCount, int maxLatencySamples, int maxBlockSize)
    {
        // Room for the longest delay plus one block: a block is written before its delayed samples are read.
        _dry = new SampleRing[channelCount];
        for (var c = 0; c < channelCount; c++)
        {
            _dry[c] = new SampleRing(maxLatencySamples + maxBlockSize);
        }

        _maxLatencySamples = maxLatencySamples;

        _dryLeft = new float[maxBlockSize];
        _dryRight = new float[maxBlockSize];
        _step = (float)(1.0 / Math.Max(1.0, Math.Round(FadeSeconds * sampleRateHz)));
    }

    /// <summary>Sets the delay to a new latency and clears the dry history (the dry path is silent for the latency, as the engine's).</summary>
    public void Reset(int latencySamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latencySamples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(latencySamples, _maxLatencySamples);
        foreach (var ring in _dry)
        {
            ring.Clear();
        }

        _latencySamples = latencySamples;
        _written = 0;
    }

    /// <summary>Sets whether bypass is engaged; <paramref name="snap"/> skips the crossfade (activation).</summary>
    public void SetEngaged(bool engaged, bool snap)
    {
        _target = engaged ? 1f : 0f;
        if (snap)
        {
            _mix = _target;
        }
    }

    /// <summary>
    /// Runs the dry path over the block's input and mixes it into the engine's outputs (all spans of one length n; right
    /// channels empty for mono, stems empty when off).
    /// </summary>
    public void Process(ReadOnlySpan<float> inLeft, ReadOnlySpan<float> inRight, Span<float> mixLeft, Span<float> mixRight,
                        Span<float> harmonicLeft, Span<float> harmonicRight, Span<float> percussiveLeft, Span<float> percussiveRight)
    {
        var n = inLeft.Length;
        var stereo = _dry.Length == 2;
        var dryLeft = _dryLeft.AsSpan(0, n);
        var dryRight = stereo ? _dryRight.AsSpan(0, n) : default;
        // Samples before the stream's start read as the cleared ring's zeros (negative indices wrap onto unwritten slots).
        _dry[0].Write(inLeft, _written, 0f);
        _dry[0].Read(_written - _latencySamples, dryLeft);
        if (stereo)
        {
            _dry[1].Write(inRight, _written, 0f);
            _dry[1].Read(_written - _latencySamples, dryRight);
        }

        _written += n;

        if (_mix == 0f && _target == 0f)
        {
            return;
        }

        if (_mix == 1f && _target == 1f)
        {
            // Fully bypassed: the dry signal, exactly, and silent stems.
            dryLeft.CopyTo(mixLeft);
            dryRight.CopyTo(mixRight);
            harmonicLeft.Clear();
            harmonicRight.Clear();
            percussiveLeft.Clear();
            percussiveRight.Clear();
            return;
        }

        for (var i = 0; i < n; i++)
        {
            var w = _mix;
            if (w != _target)
            {
                w = _target > w ? Math.Min(_target, w + _step) : Math.Max(_target, w - _step);
                _mix = w;
            }

            var wet = 1f - w;
            mixLeft[i] = (wet * mixLeft[i]) + (w * dryLeft[i]);
            if (stereo)
            {
                mixRight[i] = (wet * mixRight[i]) + (w * dryRight[i]);
            }

            Scale(harmonicLeft, i, wet);
            Scale(harmonicRight, i, wet);
            Scale(percussiveLeft, i, wet);
            Scale(percussiveRight, i, wet);
        }
    }

    private static void Scale(Span<float> stem, int i, float gain)
    {
        if (!stem.IsEmpty)
        {
            stem[i] *= gain;
        }
    }
}
