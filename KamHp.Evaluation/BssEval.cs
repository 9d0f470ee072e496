using System.Numerics;
using System.Numerics.Tensors;

namespace KamHp.Evaluation;

/// <summary>
/// BSS Eval separation metrics (Vincent, Gribonval, Fevotte, "Performance measurement in blind audio source
/// separation", IEEE TASLP 14(4), 2006), computed like mir_eval 0.7 <c>mir_eval.separation</c> with
/// <c>compute_permutation=False</c>: whole signal (no framewise windows), time-invariant distortion filters of
/// <see cref="DefaultFilterLength"/> taps.
/// </summary>
/// <remarks>
/// <para>
/// An estimate x of source j is decomposed by least-squares projections onto delayed copies (delays
/// 0..FilterLength-1, signals zero-padded by FilterLength-1 samples) of the references: P_j projects onto the
/// delayed copies of every channel of reference j, P onto those of every channel of every reference. Each output
/// channel is projected separately. With s the true image of source j:
/// images variant (<c>bss_eval_images</c>, <see cref="EvaluateImage"/>):
/// SDR = |s|^2 / |x - s|^2, ISR = |s|^2 / |P_j x - s|^2, SIR = |P_j x|^2 / |P x - P_j x|^2, SAR = |P x|^2 / |x - P x|^2;
/// sources variant (<c>bss_eval_sources</c>, <see cref="EvaluateSource"/>, one channel): SDR = |P_j x|^2 / |x - P_j x|^2,
/// SIR and SAR as above. Energies are summed over channels before the ratio.
/// </para>
/// <para>
/// The energies come from the Gram matrix G of the delayed references and the correlations d = R^T x (both by FFT,
/// in double precision), with c = G^-1 d: |P x|^2 = c^T G c, |P x - P_j x|^2 = (c - c_j)^T G (c - c_j),
/// |P_j x - s|^2 = (c_j - e)^T G_j (c_j - e) where e selects s among the columns, and
/// |x - P x|^2 = |x|^2 - 2 d^T c + c^T G c (accurate to second order in the solve error). No projected signal is
/// synthesised. The references, G and its factors are computed once in the constructor and reused for every
/// estimate, so scoring many separations of the same excerpt costs a few FFTs each.
/// </para>
/// <para>
/// Numerical guards: G is factored by <see cref="GuardedCholesky"/>, which gives dependent columns (a silent channel,
/// identical channels) a zero coefficient instead of failing; an artifact energy made negative by rounding is
/// clamped to 0; a ratio with zero error energy is +Infinity, 0/0 is NaN.
/// </para>
/// <para>Not real-time code: allocates, takes about a second to prepare for 20 s of stereo at 44.1 kHz. Not thread-safe.</para>
/// </remarks>
public sealed class BssEval
{
    /// <summary>Distortion filter length in samples used by BSS Eval v3 / mir_eval / museval.</summary>
    public const int DefaultFilterLength = 512;

    private readonly int _sourceCount;
    private readonly int _channelCount;
    private readonly int _sampleCount;
    private readonly int _filterLength;
    private readonly int _columnCount;
    private readonly DoubleFft _fft;
    private readonly float[][] _references;       // [source * C + channel][sample]
    private readonly double[][] _referenceRe;     // half spectra, same indexing
    private readonly double[][] _referenceIm;
    private readonly double[] _gram;              // _columnCount^2, column (k, delay) = k * L + delay
    private readonly GuardedCholesky _allFactor;
    private readonly GuardedCholesky[] _sourceFactors;

    /// <summary>Prepares the references: spectra, Gram matrix of their delayed copies and its factorisations.</summary>
    /// <param name="referenceSources">True source images as [source][channel][sample]; every source has the same
    /// channel count (1 or more) and every channel the same length (1 or more samples).</param>
    /// <param name="filterLength">Distortion filter length in samples (1 or more; 512 in BSS Eval).</param>
    /// <exception cref="ArgumentException">Empty, ragged or entirely silent references.</exception>
    public BssEval(IReadOnlyList<IReadOnlyList<float[]>> referenceSources, int filterLength = DefaultFilterLength)
    {
        ArgumentNullException.ThrowIfNull(referenceSources);
        ArgumentOutOfRangeException.ThrowIfLessThan(filterLength, 1);
        if (referenceSources.Count == 0 || referenceSources[0].Count == 0)
        {
            throw new ArgumentException("At least one reference source with one channel is needed.", nameof(referenceSources));
        }

        _sourceCount = referenceSources.Count;
        _channelCount = referenceSources[0].Count;
        _sampleCount = referenceSources[0][0].Length;
        _filterLength = filterLength;
        if (_sampleCount == 0)
        {
            throw new ArgumentException("References are empty.", nameof(referenceSources));
        }

        int signalCount = _sourceCount * _channelCount;
        _references = new float[signalCount][];
        for (int j = 0; j < _sourceCount; j++)
        {
            if (referenceSources[j].Count != _channelCount)
            {
                throw new ArgumentException($"Reference {j} has {referenceSources[j].Count} channels, expected {_channelCount}.", nameof(referenceSources));
            }

            bool silent = true;
            for (int c = 0; c < _channelCount; c++)
            {
                float[] channel = referenceSources[j][c];
                if (channel.Length != _sampleCount)
                {
                    throw new ArgumentException($"Reference {j} channel {c} has {channel.Length} samples, expected {_sampleCount}.", nameof(referenceSources));
                }

                silent &= !channel.AsSpan().ContainsAnyExcept(0f);
                _references[(j * _channelCount) + c] = (float[])channel.Clone();
            }

            if (silent)
            {
                throw new ArgumentException($"Reference {j} is silent; BSS Eval is undefined for a silent reference.", nameof(referenceSources));
            }
        }

        int fftSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, _sampleCount + filterLength - 1));
        _fft = new DoubleFft(fftSize);
        _columnCount = signalCount * filterLength;

        // Spectra of the references, two per complex FFT.
        _referenceRe = new double[signalCount][];
        _referenceIm = new double[signalCount][];
        var scratchRe = new double[fftSize];
        var scratchIm = new double[fftSize];
        var emptyRe = new double[_fft.HalfSize];
        var emptyIm = new double[_fft.HalfSize];
        for (int k = 0; k < signalCount; k += 2)
        {
            _referenceRe[k] = new double[_fft.HalfSize];
            _referenceIm[k] = new double[_fft.HalfSize];
            bool hasSecond = k + 1 < signalCount;
            if (hasSecond)
            {
                _referenceRe[k + 1] = new double[_fft.HalfSize];
                _referenceIm[k + 1] = new double[_fft.HalfSize];
            }

            _fft.ForwardRealPair(
                _references[k],
                hasSecond ? _references[k + 1] : [],
                scratchRe,
                scratchIm,
                _referenceRe[k],
                _referenceIm[k],
                hasSecond ? _referenceRe[k + 1] : emptyRe,
                hasSecond ? _referenceIm[k + 1] : emptyIm);
        }

        // Gram matrix: G[(k,a),(m,b)] = <ref_k delayed a, ref_m delayed b> = r_km[a - b], r_km[t] = sum_u ref_k[u] ref_m[u + t].
        _gram = new double[_columnCount * _columnCount];
        var pairs = new List<(int First, int Second)>();
        for (int k = 0; k < signalCount; k++)
        {
            for (int m = k; m < signalCount; m++)
            {
                pairs.Add((k, m));
            }
        }

        CrossCorrelate(
            pairs.Count,
            p => (_referenceRe[pairs[p].First], _referenceIm[pairs[p].First], _referenceRe[pairs[p].Second], _referenceIm[pairs[p].Second]),
            (p, correlation) => FillGramBlock(pairs[p].First, pairs[p].Second, correlation),
            scratchRe,
            scratchIm);

        _allFactor = new GuardedCholesky(_gram, _columnCount, 0, _columnCount);
        _sourceFactors = new GuardedCholesky[_sourceCount];
        int sourceColumns = _channelCount * filterLength;
        for (int j = 0; j < _sourceCount; j++)
        {
            _sourceFactors[j] = new GuardedCholesky(_gram, _columnCount, j * sourceColumns, sourceColumns);
        }
    }

    /// <summary>Number of reference sources.</summary>
    public int SourceCount => _sourceCount;

    /// <summary>Channels per source image.</summary>
    public int ChannelCount => _channelCount;

    /// <summary>Samples per channel.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>Distortion filter length in samples.</summary>
    public int FilterLength => _filterLength;

    /// <summary>
    /// Columns of the Gram matrix treated as linearly dependent (0 for generic material; a silent or duplicated
    /// reference channel gives FilterLength each). Reported so callers can see when the guard acted.
    /// </summary>
    public int DependentColumnCount => _allFactor.DroppedCount;

    /// <summary>Scores an estimated image of source <paramref name="sourceIndex"/> like mir_eval's <c>bss_eval_images</c>.</summary>
    /// <param name="sourceIndex">Index of the reference this estimate is meant to match (0..SourceCount-1).</param>
    /// <param name="estimate">Estimated image as [channel][sample], ChannelCount channels of SampleCount samples.</param>
    /// <returns>SDR, ISR, SIR and SAR in dB.</returns>
    /// <exception cref="ArgumentException">Wrong channel count or length.</exception>
    public BssEvalMetrics EvaluateImage(int sourceIndex, IReadOnlyList<float[]> estimate)
    {
        Energies e = Decompose(sourceIndex, estimate);
        return new BssEvalMetrics(
            RatioDb(e.Target, e.Distortion),
            RatioDb(e.Target, e.Spatial),
            RatioDb(e.ProjectedOnSource, e.Interference),
            RatioDb(e.ProjectedOnAll, e.Artifact));
    }

    /// <summary>
    /// Scores a single-channel estimate of source <paramref name="sourceIndex"/> like mir_eval's <c>bss_eval_sources</c>
    /// (filtering of the reference is not counted as distortion). Needs ChannelCount == 1; ISR is NaN.
    /// </summary>
    /// <exception cref="InvalidOperationException">References have more than one channel.</exception>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public BssEvalMetrics EvaluateSource(int sourceIndex, float[] estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (_channelCount != 1)
        {
            throw new InvalidOperationException("The sources variant needs single-channel references; use EvaluateImage.");
        }

        Energies e = Decompose(sourceIndex, [estimate]);
        return new BssEvalMetrics(
            RatioDb(e.ProjectedOnSource, e.Interference + e.Artifact),
            double.NaN,
            RatioDb(e.ProjectedOnSource, e.Interference),
            RatioDb(e.ProjectedOnAll, e.Artifact));
    }

    /// <summary>10 log10(num / den); +Infinity for a zero error energy, NaN for 0/0.</summary>
    internal static double RatioDb(double numerator, double denominator)
    {
        if (denominator <= 0)
        {
            return numerator > 0 ? double.PositiveInfinity : double.NaN;
        }

        return 10.0 * Math.Log10(numerator / denominator);
    }

    private Energies Decompose(int sourceIndex, IReadOnlyList<float[]> estimate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sourceIndex, _sourceCount);
        ArgumentNullException.ThrowIfNull(estimate);
        if (estimate.Count != _channelCount)
        {
            throw new ArgumentException($"Estimate has {estimate.Count} channels, the references {_channelCount}.", nameof(estimate));
        }

        for (int i = 0; i < _channelCount; i++)
        {
            if (estimate[i].Length != _sampleCount)
            {
                throw new ArgumentException($"Estimate channel {i} has {estimate[i].Length} samples, the references {_sampleCount}.", nameof(estimate));
            }
        }

        int half = _fft.HalfSize;
        int size = _fft.Size;
        var scratchRe = new double[size];
        var scratchIm = new double[size];
        var estimateRe = new double[_channelCount][];
        var estimateIm = new double[_channelCount][];
        var emptyRe = new double[half];
        var emptyIm = new double[half];
        for (int i = 0; i < _channelCount; i += 2)
        {
            estimateRe[i] = new double[half];
            estimateIm[i] = new double[half];
            bool hasSecond = i + 1 < _channelCount;
            if (hasSecond)
            {
                estimateRe[i + 1] = new double[half];
                estimateIm[i + 1] = new double[half];
            }

            _fft.ForwardRealPair(
                estimate[i],
                hasSecond ? estimate[i + 1] : [],
                scratchRe,
                scratchIm,
                estimateRe[i],
                estimateIm[i],
                hasSecond ? estimateRe[i + 1] : emptyRe,
                hasSecond ? estimateIm[i + 1] : emptyIm);
        }

        // d_i[(k, a)] = <ref_k delayed a, x_i> = sum_u ref_k[u] x_i[u + a].
        int signalCount = _sourceCount * _channelCount;
        var projections = new double[_channelCount][];
        for (int i = 0; i < _channelCount; i++)
        {
            projections[i] = new double[_columnCount];
        }

        CrossCorrelate(
            signalCount * _channelCount,
            p => (_referenceRe[p % signalCount], _referenceIm[p % signalCount], estimateRe[p / signalCount], estimateIm[p / signalCount]),
            (p, correlation) => correlation.AsSpan(0, _filterLength).CopyTo(projections[p / signalCount].AsSpan((p % signalCount) * _filterLength)),
            scratchRe,
            scratchIm);

        int sourceColumns = _channelCount * _filterLength;
        int sourceOffset = sourceIndex * sourceColumns;
        var all = new double[_columnCount];
        var own = new double[sourceColumns];
        var work = new double[_columnCount];
        var energies = default(Energies);
        for (int i = 0; i < _channelCount; i++)
        {
            double[] d = projections[i];
            ReadOnlySpan<float> x = estimate[i];
            ReadOnlySpan<float> s = _references[(sourceIndex * _channelCount) + i];

            _allFactor.Solve(d, all);
            _sourceFactors[sourceIndex].Solve(d.AsSpan(sourceOffset, sourceColumns), own);

            double projectedOnAll = QuadraticForm(0, _columnCount, all);
            double projectedOnSource = QuadraticForm(sourceOffset, sourceColumns, own);

            // P_j x - s: the true image of channel i is column (source j, channel i, delay 0).
            own.CopyTo(work, 0);
            work[i * _filterLength] -= 1.0;
            double spatial = QuadraticForm(sourceOffset, sourceColumns, work.AsSpan(0, sourceColumns));

            // P x - P_j x.
            all.CopyTo(work, 0);
            TensorPrimitives.Subtract(work.AsSpan(sourceOffset, sourceColumns), own, work.AsSpan(sourceOffset, sourceColumns));
            double interference = QuadraticForm(0, _columnCount, work);

            double estimateEnergy = 0;
            double targetEnergy = 0;
            double distortion = 0;
            for (int t = 0; t < _sampleCount; t++)
            {
                double xt = x[t];
                double st = s[t];
                estimateEnergy += xt * xt;
                targetEnergy += st * st;
                distortion += (xt - st) * (xt - st);
            }

            double artifact = estimateEnergy - (2.0 * TensorPrimitives.Dot(d, all)) + projectedOnAll;

            energies.Target += targetEnergy;
            energies.Distortion += distortion;
            energies.ProjectedOnAll += projectedOnAll;
            energies.ProjectedOnSource += projectedOnSource;
            energies.Spatial += spatial;
            energies.Interference += interference;
            energies.Artifact += Math.Max(0, artifact);
        }

        return energies;
    }

    /// <summary>v^T G_sub v for the principal submatrix of G starting at offset.</summary>
    private double QuadraticForm(int offset, int size, ReadOnlySpan<double> vector)
    {
        double sum = 0;
        for (int r = 0; r < size; r++)
        {
            double vr = vector[r];
            if (vr != 0)
            {
                sum += vr * TensorPrimitives.Dot(_gram.AsSpan(((offset + r) * _columnCount) + offset, size), vector);
            }
        }

        return sum;
    }

    private void FillGramBlock(int first, int second, double[] correlation)
    {
        int length = _filterLength;
        int size = _fft.Size;
        for (int a = 0; a < length; a++)
        {
            int row = (first * length) + a;
            for (int b = 0; b < length; b++)
            {
                int column = (second * length) + b;
                double value = correlation[(a - b) & (size - 1)];
                _gram[(row * _columnCount) + column] = value;
                _gram[(column * _columnCount) + row] = value;
            }
        }
    }

    /// <summary>
    /// Circular cross-correlations r[t] = sum_u a[u] b[u + t] = IFFT(conj(A) B)[t] of pairs of half spectra,
    /// two per complex inverse FFT. The consumer receives each correlation (length N) in a reused buffer.
    /// </summary>
    private void CrossCorrelate(
        int count,
        Func<int, (double[] ARe, double[] AIm, double[] BRe, double[] BIm)> spectra,
        Action<int, double[]> consume,
        double[] scratchRe,
        double[] scratchIm)
    {
        int half = _fft.HalfSize;
        var firstRe = new double[half];
        var firstIm = new double[half];
        var secondRe = new double[half];
        var secondIm = new double[half];
        for (int p = 0; p < count; p += 2)
        {
            ConjugateProduct(spectra(p), firstRe, firstIm);
            bool hasSecond = p + 1 < count;
            if (hasSecond)
            {
                ConjugateProduct(spectra(p + 1), secondRe, secondIm);
            }
            else
            {
                Array.Clear(secondRe);
                Array.Clear(secondIm);
            }

            _fft.InverseRealPair(firstRe, firstIm, secondRe, secondIm, scratchRe, scratchIm);
            consume(p, scratchRe);
            if (hasSecond)
            {
                consume(p + 1, scratchIm);
            }
        }
    }

    private static void ConjugateProduct((double[] ARe, double[] AIm, double[] BRe, double[] BIm) s, double[] re, double[] im)
    {
        for (int k = 0; k < re.Length; k++)
        {
            double ar = s.ARe[k];
            double ai = s.AIm[k];
            double br = s.BRe[k];
            double bi = s.BIm[k];
            re[k] = (ar * br) + (ai * bi);
            im[k] = (ar * bi) - (ai * br);
        }
    }

    private struct Energies
    {
        public double Target;
        public double Distortion;
        public double ProjectedOnAll;
        public double ProjectedOnSource;
        public double Spatial;
        public double Interference;
        public double Artifact;
    }
}
