// TEMPORARY STAND-IN (issue 5 branch only): the real streaming engine is issue 4. This file implements exactly the public
// API agreed in notes/CONTRACTS.md with a trivial algorithm (harmonic = percussive = half the input, delayed by the latency
// computed from the settings) so the plugin can be built and tested before the engine lands. Drop this file at merge.
#pragma warning disable CA1822, IDE0032
namespace KamHp.Dsp;

/// <summary>How much look-ahead the engine may spend (stand-in).</summary>
public enum LatencyMode
{
    /// <summary>Causal harmonic median.</summary>
    Live = 0,

    /// <summary>Short look-ahead.</summary>
    Balanced = 1,

    /// <summary>Paper-exact symmetric kernel.</summary>
    Studio = 2,
}

/// <summary>Structural engine settings (stand-in; see notes/CONTRACTS.md).</summary>
public sealed record EngineSettings
{
    /// <summary>Backfitting iterations, 1..10.</summary>
    public int Iterations { get; init; } = 2;

    /// <summary>Latency budget.</summary>
    public LatencyMode LatencyMode { get; init; } = LatencyMode.Studio;

    /// <summary>Use the spatial covariance model.</summary>
    public bool SpatialModel { get; init; } = true;

    /// <summary>Harmonic kernel length in seconds.</summary>
    public double HarmonicKernelSeconds { get; init; } = 0.395;

    /// <summary>Percussive kernel width in Hz.</summary>
    public double PercussiveKernelHz { get; init; } = 183.0;

    /// <summary>Exponent on source powers in the Wiener filter.</summary>
    public float MaskSharpness { get; init; } = 1f;
}

/// <summary>Stand-in streaming engine: a delay line with per-sample smoothed gains (see the file header).</summary>
public sealed class KamHpEngine
{
    private const double GainSmoothingSeconds = 0.005;

    private float[][] _ring = [];
    private int _ringLength;
    private int _writeIndex;
    private int _channelCount;
    private int _maxBlockSize;
    private double _sampleRateHz;
    private EngineSettings _settings = new();
    private EngineSettings? _pending;
    private int _latencySamples;
    private float _harmonicGain = 1f;
    private float _percussiveGain = 1f;
    private float _smoothingCoefficient;
    private long _samplesProcessed;
    private int _hopSize;

    /// <summary>Allocates for the worst case.</summary>
    public void Prepare(double sampleRateHz, int maxBlockSize, int channelCount = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRateHz, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channelCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channelCount, 2);
        _sampleRateHz = sampleRateHz;
        _maxBlockSize = maxBlockSize;
        _channelCount = channelCount;
        var worst = 0;
        foreach (var mode in new[] { LatencyMode.Live, LatencyMode.Balanced, LatencyMode.Studio })
        {
            worst = Math.Max(worst, ComputeLatencySamples(sampleRateHz, new EngineSettings { Iterations = 10, LatencyMode = mode, HarmonicKernelSeconds = 2.0 }));
        }

        _ringLength = worst + maxBlockSize + 1;
        _ring = new float[channelCount][];
        for (var c = 0; c < channelCount; c++)
        {
            _ring[c] = new float[_ringLength];
        }

        _smoothingCoefficient = (float)(1.0 - Math.Exp(-1.0 / (GainSmoothingSeconds * sampleRateHz)));
        _hopSize = FftSize(sampleRateHz) / 4;
        Apply(_settings);
        Reset();
    }

    /// <summary>Applies at the next frame boundary.</summary>
    public void Configure(EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _pending = settings;
    }

    /// <summary>Latency in samples for the given settings.</summary>
    public static int ComputeLatencySamples(double sampleRateHz, EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fft = FftSize(sampleRateHz);
        var hop = fft / 4;
        var kernelFrames = Math.Max(3, (int)Math.Round(settings.HarmonicKernelSeconds * sampleRateHz / hop) | 1);
        var ahead = settings.LatencyMode switch
        {
            LatencyMode.Live => 0,
            LatencyMode.Balanced => Math.Min(2, kernelFrames / 2),
            _ => kernelFrames / 2,
        };
        return fft - hop + settings.Iterations * ahead * hop;
    }

    /// <summary>Current latency in samples.</summary>
    public int LatencySamples => _latencySamples;

    /// <summary>Clears history; pending settings are adopted at once.</summary>
    public void Reset()
    {
        if (_pending is not null)
        {
            Apply(_pending);
            _pending = null;
        }

        foreach (var channel in _ring)
        {
            Array.Clear(channel);
        }

        _writeIndex = 0;
        _samplesProcessed = 0;
    }

    /// <summary>Processes one block.</summary>
    public void Process(ReadOnlySpan<float> inputLeft, ReadOnlySpan<float> inputRight,
                        Span<float> mixLeft, Span<float> mixRight,
                        Span<float> harmonicLeft, Span<float> harmonicRight,
                        Span<float> percussiveLeft, Span<float> percussiveRight,
                        float harmonicGain, float percussiveGain)
    {
        var n = inputLeft.Length;
        if (n < 1 || n > _maxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(inputLeft));
        }

        var gH = _harmonicGain;
        var gP = _percussiveGain;
        for (var c = 0; c < _channelCount; c++)
        {
            var input = c == 0 ? inputLeft : inputRight;
            var mix = c == 0 ? mixLeft : mixRight;
            var harmonic = c == 0 ? harmonicLeft : harmonicRight;
            var percussive = c == 0 ? percussiveLeft : percussiveRight;
            var ring = _ring[c];
            var write = _writeIndex;
            gH = _harmonicGain;
            gP = _percussiveGain;
            for (var i = 0; i < n; i++)
            {
                ring[write] = input[i];
                var read = write - _latencySamples;
                if (read < 0)
                {
                    read += _ringLength;
                }

                var delayed = ring[read];
                var h = 0.5f * delayed;
                var p = delayed - h;
                gH += (harmonicGain - gH) * _smoothingCoefficient;
                gP += (percussiveGain - gP) * _smoothingCoefficient;
                mix[i] = (gH * h) + (gP * p);
                if (!harmonic.IsEmpty)
                {
                    harmonic[i] = h;
                }

                if (!percussive.IsEmpty)
                {
                    percussive[i] = p;
                }

                write = write + 1 == _ringLength ? 0 : write + 1;
            }
        }

        _harmonicGain = gH;
        _percussiveGain = gP;
        _writeIndex = (_writeIndex + n) % _ringLength;
        var before = _samplesProcessed / _hopSize;
        _samplesProcessed += n;
        if (_pending is not null && _samplesProcessed / _hopSize != before
            && ComputeLatencySamples(_sampleRateHz, _pending) == _latencySamples)
        {
            Apply(_pending);
            _pending = null;
        }
    }

    private void Apply(EngineSettings settings)
    {
        _settings = settings;
        _latencySamples = ComputeLatencySamples(_sampleRateHz, settings);
    }

    private static int FftSize(double sampleRateHz)
    {
        var target = 0.0929 * sampleRateHz;
        var size = 512;
        while (size < 16384 && size * 1.5 < target)
        {
            size *= 2;
        }

        return size;
    }
}
