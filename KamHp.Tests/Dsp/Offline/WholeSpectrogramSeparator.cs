using System.Numerics.Tensors;
using KamHp.Dsp.Filters;
using KamHp.Dsp.Offline;
using KamHp.Dsp.Separation;
using KamHp.Dsp.Spatial;
using KamHp.Dsp.Spectral;

namespace KamHp.Tests.Dsp.Offline;

/// <summary>
/// The offline separator as it was before its storage was bounded (issue 14): Algorithm 1 of FitzGerald et al. 2014
/// over whole-excerpt spectrograms (mixture, harmonic estimate, powers and observations, each frames x bins), one
/// step over all frames at a time. Kept as the reference the bounded <see cref="KamOfflineSeparator"/> must equal bit
/// for bit; the per-frame arithmetic is the product's own kernels, the order of the steps is this file's.
/// </summary>
internal sealed class WholeSpectrogramSeparator
{
    /// <summary>Powers (and traces) at or below this are treated as silence; squared-magnitude units (<see cref="NumericalGuards.PowerFloor"/>).</summary>
    public const double PowerFloor = NumericalGuards.PowerFloor;

    /// <summary>Diagonal loading of a covariance before inversion, relative to its mean eigenvalue (<see cref="NumericalGuards.Regularization"/>).</summary>
    public const double Regularization = NumericalGuards.Regularization;

    private const int SourceCount = 2;

    /// <summary>Creates a separator; throws <see cref="ArgumentOutOfRangeException"/> for invalid settings.</summary>
    public WholeSpectrogramSeparator(KamSettings settings)
    {
        settings.Validate();
        Settings = settings;
    }

    /// <summary>The settings.</summary>
    public KamSettings Settings { get; }

    /// <summary>Separates planar audio into harmonic and percussive signals.</summary>
    /// <param name="channels">1 or 2 channels of equal length, samples in any scale (typically -1..1).</param>
    /// <param name="everyIteration">Return the signals after every iteration (true) or only the last (false).</param>
    /// <param name="progress">Receives the fraction done, 0..1, after each step.</param>
    /// <exception cref="ArgumentException">No channel, more than two, or unequal lengths.</exception>
    public SeparationResult Separate(IReadOnlyList<float[]> channels, bool everyIteration = false, IProgress<double>? progress = null)
    {
        if (channels.Count is < 1 or > 2)
        {
            throw new ArgumentException("Expected 1 or 2 channels.", nameof(channels));
        }

        // Progress in sub-steps of roughly equal cost: analysis, then per iteration the Wiener filter, the
        // observations and the medians, and per output the Wiener filter and the synthesis.
        int iterations = Settings.Iterations;
        double steps = 1 + (3 * iterations) + (2 * (everyIteration ? iterations : 1));
        double done = 0;
        void Step() => progress?.Report(Math.Min(1.0, ++done / steps));

        var stft = new Stft(Settings.Stft);
        Spectrogram mixture = stft.Analyze(channels);
        var state = new State(mixture, Settings);
        var outputs = new List<SeparatedSignals>();
        Step();

        state.Initialize();
        bool harmonicIsCurrent = false;
        for (int n = 1; n <= iterations; n++)
        {
            if (!harmonicIsCurrent)
            {
                state.WienerHarmonic();                 // step 3, from s^(n-1) and R^(n-1)
            }

            Step();
            state.UpdateObservations(Settings.SpatialModel); // steps 4a-4c
            Step();
            state.ApplyKernels();                       // step 4d
            harmonicIsCurrent = false;
            Step();
            if (everyIteration || n == iterations)
            {
                state.WienerHarmonic();                 // eq. 7 with s^(n), R^(n): also step 3 of iteration n+1
                Step();
                outputs.Add(state.Synthesize(stft, channels, n));
                harmonicIsCurrent = true;
                Step();
            }
        }

        return new SeparationResult(outputs);
    }

    /// <summary>The per-excerpt working set: mixture, source powers, covariances, harmonic estimate.</summary>
    private sealed class State
    {
        private readonly Spectrogram _x;
        private readonly int _frames;
        private readonly int _bins;
        private readonly int _channels;
        private readonly float[] _harmonicPower;
        private readonly float[] _percussivePower;
        private readonly float[] _harmonicObservation;   // (frames + 1) x bins, last row zero, then lane padding
        private readonly float[] _percussiveObservation;
        private readonly float[][] _hReal;
        private readonly float[][] _hImag;
        private readonly CovarianceArrays _rHarmonic;
        private readonly CovarianceArrays _rPercussive;
        private readonly CovarianceArrays _inverseHarmonic;
        private readonly CovarianceArrays _inversePercussive;
        private readonly CovarianceArrays _sumHarmonic;
        private readonly CovarianceArrays _sumPercussive;
        private readonly double[] _countHarmonic;
        private readonly double[] _countPercussive;
        private readonly float[][] _pReal;
        private readonly float[][] _pImag;
        private readonly float[] _mask;
        private readonly float[] _scratch;
        private readonly SpectralMedians _medians;

        public State(Spectrogram mixture, KamSettings settings)
        {
            _x = mixture;
            _frames = mixture.FrameCount;
            _bins = mixture.BinCount;
            _channels = mixture.ChannelCount;
            int size = _frames * _bins;
            _harmonicPower = new float[size];
            _percussivePower = new float[size];
            _medians = new SpectralMedians(settings.HarmonicKernelFrames, settings.PercussiveKernelBins, _bins);
            _harmonicObservation = new float[_medians.ObservationLength(_frames)];
            _percussiveObservation = new float[size];
            _hReal = new float[_channels][];
            _hImag = new float[_channels][];
            for (int c = 0; c < _channels; c++)
            {
                _hReal[c] = new float[size];
                _hImag[c] = new float[size];
            }

            _rHarmonic = new CovarianceArrays(_bins);
            _rPercussive = new CovarianceArrays(_bins);
            _inverseHarmonic = new CovarianceArrays(_bins);
            _inversePercussive = new CovarianceArrays(_bins);
            _sumHarmonic = new CovarianceArrays(_bins);
            _sumPercussive = new CovarianceArrays(_bins);
            _countHarmonic = new double[_bins];
            _countPercussive = new double[_bins];
            _pReal = [new float[_bins], new float[_bins]];
            _pImag = [new float[_bins], new float[_bins]];
            _mask = new float[_bins];
            _scratch = new float[_bins];
        }

        private bool Spatial => _channels == 2 && _spatialEnabled;

        private bool _spatialEnabled;

        /// <summary>Step 2: s_j = x^H x / (I J), R_j = identity.</summary>
        public void Initialize()
        {
            FrameKernels.MeanPower(Whole(_x.Real, _x.Imag), 1f / (_channels * SourceCount), _harmonicPower);
            _harmonicPower.CopyTo(_percussivePower);
            _rHarmonic.SetIdentity();
            _rPercussive.SetIdentity();
        }

        /// <summary>Eq. 7 for the harmonic source with the current s_j and R_j, into _hReal/_hImag.</summary>
        public void WienerHarmonic()
        {
            if (Spatial)
            {
                WienerSpatial();
                return;
            }

            // R_j = identity (or mono): the Wiener gain is the scalar mask s_H / (s_H + s_P), shared by the channels.
            for (int t = 0; t < _frames; t++)
            {
                int row = t * _bins;
                FrameKernels.MaskedWiener(
                    _harmonicPower.AsSpan(row, _bins), _percussivePower.AsSpan(row, _bins), Frame(_x.Real, _x.Imag, row), _mask, Frame(_hReal, _hImag, row));
            }
        }

        /// <summary>Steps 4a-4c: the observations z_j, after re-estimating R_j when the spatial model is on.</summary>
        public void UpdateObservations(bool spatial)
        {
            _spatialEnabled = spatial;
            if (Spatial)
            {
                UpdateCovariances();
                ObservationsSpatial();
                return;
            }

            // z_j = tr(C_j) / I = |shat_j|^2 / I.
            float scale = 1f / _channels;
            FrameKernels.MeanPower(Whole(_hReal, _hImag), scale, _harmonicObservation.AsSpan(0, _frames * _bins));
            for (int t = 0; t < _frames; t++)
            {
                int row = t * _bins;
                FrameKernels.MeanResidualPower(
                    Frame(_x.Real, _x.Imag, row), Frame(_hReal, _hImag, row), scale, _scratch, _percussiveObservation.AsSpan(row, _bins));
            }
        }

        /// <summary>Step 4d: s_H = median over frames of z_H, s_P = median over bins of z_P.</summary>
        public void ApplyKernels()
        {
            _medians.HarmonicAllFrames(_harmonicObservation, _frames, _harmonicPower);
            for (int t = 0; t < _frames; t++)
            {
                int row = t * _bins;
                _medians.PercussiveFrame(_percussiveObservation.AsSpan(row, _bins), _percussivePower.AsSpan(row, _bins));
            }
        }

        /// <summary>Inverse STFT of the harmonic estimate; percussive = input - harmonic.</summary>
        public SeparatedSignals Synthesize(Stft stft, IReadOnlyList<float[]> input, int iteration)
        {
            var harmonic = new float[_channels][];
            var percussive = new float[_channels][];
            for (int c = 0; c < _channels; c++)
            {
                harmonic[c] = new float[input[c].Length];
                stft.Synthesize(_hReal[c], _hImag[c], _frames, harmonic[c]);
                percussive[c] = new float[input[c].Length];
                TensorPrimitives.Subtract(input[c], harmonic[c], percussive[c]);
            }

            return new SeparatedSignals(iteration, harmonic, percussive);
        }

        /// <summary>All frames of 1 or 2 channels as one long row (the kernels are element-wise).</summary>
        private static ComplexFrame Whole(float[][] real, float[][] imag) => real.Length == 2
            ? new ComplexFrame(real[0], imag[0], real[1], imag[1])
            : new ComplexFrame(real[0], imag[0]);

        private ComplexFrame Frame(float[][] real, float[][] imag, int row) => real.Length == 2
            ? new ComplexFrame(real[0].AsSpan(row, _bins), imag[0].AsSpan(row, _bins), real[1].AsSpan(row, _bins), imag[1].AsSpan(row, _bins))
            : new ComplexFrame(real[0].AsSpan(row, _bins), imag[0].AsSpan(row, _bins));

        private void WienerSpatial()
        {
            CovarianceRow rH = _rHarmonic.Row(), rP = _rPercussive.Row();
            for (int t = 0; t < _frames; t++)
            {
                int row = t * _bins;
                SpatialKernels.WienerHarmonic(
                    _harmonicPower.AsSpan(row, _bins), _percussivePower.AsSpan(row, _bins), rH, rP,
                    MixtureRow(t), Regularization, PowerFloor, HarmonicRow(t));
            }
        }

        /// <summary>Step 4b: R_j(f) = I / N_t sum_t C_j / tr C_j over frames with non-negligible trace.</summary>
        private void UpdateCovariances()
        {
            _sumHarmonic.Clear();
            _sumPercussive.Clear();
            Array.Clear(_countHarmonic);
            Array.Clear(_countPercussive);
            CovarianceRow sumH = _sumHarmonic.Row(), sumP = _sumPercussive.Row();
            for (int t = 0; t < _frames; t++)
            {
                SpatialKernels.AccumulateNormalizedOuter(HarmonicRow(t), PowerFloor, sumH, _countHarmonic);
                SpatialKernels.AccumulateNormalizedOuter(PercussiveRow(t), PowerFloor, sumP, _countPercussive);
            }

            Average(sumH, _countHarmonic, _rHarmonic.Row());
            Average(sumP, _countPercussive, _rPercussive.Row());
        }

        private static void Average(CovarianceRow sum, double[] count, CovarianceRow destination)
        {
            for (int f = 0; f < sum.Length; f++)
            {
                destination[f] = count[f] > 0 ? sum[f].Combine(2.0 / count[f], default, 0) : Hermitian2x2.Identity;
            }
        }

        /// <summary>Step 4c: z_j = tr(R_j^-1 C_j) / I = shat_j^H R_j^-1 shat_j / I.</summary>
        private void ObservationsSpatial()
        {
            CovarianceRow inverseH = _inverseHarmonic.Row(), inverseP = _inversePercussive.Row();
            CovarianceRow rH = _rHarmonic.Row(), rP = _rPercussive.Row();
            for (int f = 0; f < _bins; f++)
            {
                inverseH[f] = rH[f].RegularizedInverse(Regularization, 0);
                inverseP[f] = rP[f].RegularizedInverse(Regularization, 0);
            }

            for (int t = 0; t < _frames; t++)
            {
                int row = t * _bins;
                SpatialKernels.WhitenedPower(inverseH, HarmonicRow(t), _harmonicObservation.AsSpan(row, _bins));
                SpatialKernels.WhitenedPower(inverseP, PercussiveRow(t), _percussiveObservation.AsSpan(row, _bins));
            }
        }

        private StereoRow MixtureRow(int t) => new(
            _x.Real[0].AsSpan(t * _bins, _bins), _x.Imag[0].AsSpan(t * _bins, _bins),
            _x.Real[1].AsSpan(t * _bins, _bins), _x.Imag[1].AsSpan(t * _bins, _bins));

        private StereoRow HarmonicRow(int t) => new(
            _hReal[0].AsSpan(t * _bins, _bins), _hImag[0].AsSpan(t * _bins, _bins),
            _hReal[1].AsSpan(t * _bins, _bins), _hImag[1].AsSpan(t * _bins, _bins));

        /// <summary>The percussive estimate x - shat_H of frame t, written into scratch rows.</summary>
        private StereoRow PercussiveRow(int t)
        {
            int row = t * _bins;
            for (int c = 0; c < 2; c++)
            {
                TensorPrimitives.Subtract(_x.Real[c].AsSpan(row, _bins), _hReal[c].AsSpan(row, _bins), _pReal[c]);
                TensorPrimitives.Subtract(_x.Imag[c].AsSpan(row, _bins), _hImag[c].AsSpan(row, _bins), _pImag[c]);
            }

            return new StereoRow(_pReal[0], _pImag[0], _pReal[1], _pImag[1]);
        }
    }
}
