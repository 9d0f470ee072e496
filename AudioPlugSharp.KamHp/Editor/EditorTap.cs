using KamHp.Dsp.Spectral;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// The audio-thread side of the editor's picture: meters and a decimated spectrogram of the input with the harmonic
/// share of every cell, published to an <see cref="EditorFeed"/>. It analyses the engine's own outputs: the harmonic and
/// percussive parts sum to the (delayed) input, so the share |H|^2 / (|H|^2 + |P|^2) per band is the split the engine
/// applied, measured where the user hears it, with no hook inside the engine. Mono analysis of the mid channel, a
/// Hann-windowed FFT of about 43 ms (2048 at 48 kHz) every half window, summed into log-spaced bands.
/// Allocates in <see cref="Prepare"/> only; <see cref="Process"/> returns at once while no editor listens.
/// </summary>
public sealed class EditorTap
{
    /// <summary>Bands per column, log-spaced from <see cref="LowestBandHz"/> to <see cref="HighestBandHz"/>.</summary>
    public const int BandCount = 64;

    /// <summary>Lower edge of the first band in Hz.</summary>
    public const double LowestBandHz = 40.0;

    /// <summary>Upper edge of the last band in Hz (or Nyquist when lower).</summary>
    public const double HighestBandHz = 16000.0;

    /// <summary>Level published for silence, dBFS.</summary>
    public const float FloorDb = -120f;

    // Power below which a band counts as silent (its share is then 0.5, neither part).
    private const float SilentPower = 1e-14f;

    private readonly float[] _levels = new float[BandCount];
    private readonly float[] _share = new float[BandCount];
    private readonly int[] _bandFirstBin = new int[BandCount];
    private readonly int[] _bandEndBin = new int[BandCount];
    private FftTransform? _fft;
    private float[] _window = [];
    private float[] _harmonicRing = [];
    private float[] _percussiveRing = [];
    private float[] _frame = [];
    private float[] _harmonicRe = [];
    private float[] _harmonicIm = [];
    private float[] _percussiveRe = [];
    private float[] _percussiveIm = [];
    private float _powerScale;
    private int _hopSize;
    private int _ringPosition;
    private int _sinceColumn;
    private MeterAccumulator _input;
    private MeterAccumulator _harmonic;
    private MeterAccumulator _percussive;

    /// <summary>The feed the editor reads.</summary>
    public EditorFeed Feed { get; } = new(BandCount);

    /// <summary>Samples between two published columns (0 before <see cref="Prepare"/>).</summary>
    public int HopSize => _hopSize;

    /// <summary>Allocates for a sample rate and clears the history. UI thread, while the audio thread is stopped.</summary>
    public void Prepare(double sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        // Clamped to the FFT's own range: a host may activate at 1234.5678 Hz (Steinberg's validator does).
        var fftSize = (int)Math.Clamp(1 << (int)Math.Round(Math.Log2(2048.0 * sampleRateHz / 48000.0)), StftSettings.MinFftSize, StftSettings.MaxFftSize);
        if (_fft is null || _fft.FftSize != fftSize)
        {
            _fft = new FftTransform(fftSize);
            _window = new float[fftSize];
            Windows.PeriodicHann(_window);
            _harmonicRing = new float[fftSize];
            _percussiveRing = new float[fftSize];
            _frame = new float[fftSize];
            var bins = _fft.BinCount;
            _harmonicRe = new float[bins];
            _harmonicIm = new float[bins];
            _percussiveRe = new float[bins];
            _percussiveIm = new float[bins];
        }

        // Band energy, scaled so that a full-scale sine reads 0 dB in total: by Parseval the bins of a sine of amplitude A
        // hold A^2 N sum(w^2) / 4 (positive frequencies). A sine near a band edge shares its energy with the neighbour.
        var windowEnergy = 0.0;
        foreach (var w in _window)
        {
            windowEnergy += w * w;
        }

        _powerScale = (float)(4.0 / (fftSize * windowEnergy));
        _hopSize = fftSize / 2;
        MapBands(sampleRateHz, fftSize);
        Array.Clear(_harmonicRing);
        Array.Clear(_percussiveRing);
        _ringPosition = 0;
        _sinceColumn = 0;
        _input = default;
        _harmonic = default;
        _percussive = default;
        Feed.SampleRateHz = sampleRateHz;
    }

    /// <summary>
    /// Audio thread: takes one block of the input and of the engine's harmonic and percussive outputs (all the same
    /// length; right channels empty for mono; an empty part counts as silence). No allocation, lock or wait.
    /// </summary>
    public void Process(
        ReadOnlySpan<float> inputLeft,
        ReadOnlySpan<float> inputRight,
        ReadOnlySpan<float> harmonicLeft,
        ReadOnlySpan<float> harmonicRight,
        ReadOnlySpan<float> percussiveLeft,
        ReadOnlySpan<float> percussiveRight)
    {
        if (_fft is null || !Feed.HasConsumer)
        {
            return;
        }

        var n = inputLeft.Length;
        var mask = _harmonicRing.Length - 1;
        for (var i = 0; i < n; i++)
        {
            var inL = inputLeft[i];
            var inR = inputRight.IsEmpty ? inL : inputRight[i];
            var hL = harmonicLeft.IsEmpty ? 0f : harmonicLeft[i];
            var hR = harmonicRight.IsEmpty ? hL : harmonicRight[i];
            var pL = percussiveLeft.IsEmpty ? 0f : percussiveLeft[i];
            var pR = percussiveRight.IsEmpty ? pL : percussiveRight[i];
            _input.Add(inL, inR);
            _harmonic.Add(hL, hR);
            _percussive.Add(pL, pR);
            _harmonicRing[_ringPosition] = 0.5f * (hL + hR);
            _percussiveRing[_ringPosition] = 0.5f * (pL + pR);
            _ringPosition = (_ringPosition + 1) & mask;
            if (++_sinceColumn == _hopSize)
            {
                _sinceColumn = 0;
                PublishColumn();
            }
        }
    }

    private void PublishColumn()
    {
        Transform(_harmonicRing, _harmonicRe, _harmonicIm);
        Transform(_percussiveRing, _percussiveRe, _percussiveIm);
        for (var b = 0; b < BandCount; b++)
        {
            float harmonicPower = 0f, percussivePower = 0f, inputPower = 0f;
            for (var k = _bandFirstBin[b]; k < _bandEndBin[b]; k++)
            {
                float hr = _harmonicRe[k], hi = _harmonicIm[k], pr = _percussiveRe[k], pi = _percussiveIm[k];
                harmonicPower += (hr * hr) + (hi * hi);
                percussivePower += (pr * pr) + (pi * pi);
                float xr = hr + pr, xi = hi + pi;
                inputPower += (xr * xr) + (xi * xi);
            }

            inputPower *= _powerScale;
            _levels[b] = inputPower > SilentPower ? Math.Max(FloorDb, 10f * MathF.Log10(inputPower)) : FloorDb;
            var total = harmonicPower + percussivePower;
            _share[b] = total * _powerScale > SilentPower ? harmonicPower / total : 0.5f;
        }

        var meters = new MeterReading(
            _input.Peak, _input.Rms, _harmonic.Peak, _harmonic.Rms, _percussive.Peak, _percussive.Rms);
        _input = default;
        _harmonic = default;
        _percussive = default;
        Feed.TryPublish(meters, _levels, _share);
    }

    private void Transform(float[] ring, float[] re, float[] im)
    {
        // Oldest sample first: the ring position is where the next (i.e. the oldest) sample would be written.
        var size = ring.Length;
        for (var i = 0; i < size; i++)
        {
            _frame[i] = ring[(_ringPosition + i) & (size - 1)] * _window[i];
        }

        _fft!.Forward(_frame, re, im);
    }

    private void MapBands(double sampleRateHz, int fftSize)
    {
        var binHz = sampleRateHz / fftSize;
        var top = Math.Min(HighestBandHz, sampleRateHz / 2.0);
        var bins = (fftSize / 2) + 1;
        for (var b = 0; b < BandCount; b++)
        {
            var lowHz = LowestBandHz * Math.Pow(top / LowestBandHz, (double)b / BandCount);
            var highHz = LowestBandHz * Math.Pow(top / LowestBandHz, (double)(b + 1) / BandCount);
            var first = Math.Clamp((int)Math.Round(lowHz / binHz), 1, bins - 1);
            var end = Math.Clamp((int)Math.Round(highHz / binHz), first + 1, bins);
            _bandFirstBin[b] = first;
            _bandEndBin[b] = end;
        }
    }

    private struct MeterAccumulator
    {
        private float _peak;
        private double _sumSquares;
        private int _count;

        public readonly float Peak => _peak;

        public readonly float Rms => _count == 0 ? 0f : (float)Math.Sqrt(_sumSquares / _count);

        public void Add(float left, float right)
        {
            _peak = Math.Max(_peak, Math.Max(Math.Abs(left), Math.Abs(right)));
            _sumSquares += ((double)left * left) + ((double)right * right);
            _count += 2;
        }
    }
}
