using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using KamHp.Cli.Audio;
using KamHp.Dsp.Offline;

namespace KamHp.Cli.Commands;

/// <summary>
/// The outputs of one input of <c>kamhp separate</c>, written piece by piece as the separation produces them: the
/// harmonic piece as it comes, the percussive one as input - harmonic (offline), or as given (streaming). Counts the
/// samples beyond full scale per output for the clipping warning. Nothing of the input's length is held here.
/// </summary>
internal sealed class StemOutputs : IHarmonicSink, IDisposable
{
    private readonly FilePlan _plan;
    private readonly AudioClip? _input;
    private readonly OutputSet _set;
    private readonly float[][] _percussive;
    private readonly long[] _clipped;
    private readonly float[] _peak;

    /// <summary>Opens a temporary file for every planned output.</summary>
    /// <exception cref="IOException">A file cannot be created.</exception>
    public StemOutputs(FilePlan plan, AudioClip input, WavEncoding encoding)
        : this(plan, AudioShape.Of(input), encoding)
    {
        _input = input;
    }

    /// <summary>Opens the outputs of an input that is not held in memory (streaming: <see cref="Accept"/> is not used).</summary>
    /// <exception cref="IOException">A file cannot be created.</exception>
    public StemOutputs(FilePlan plan, AudioShape input, WavEncoding encoding)
    {
        _plan = plan;
        _set = new OutputSet([.. plan.Outputs.Select(o => new OutputTarget(o.Path, plan.Container, encoding))], input.SampleRateHz, input.ChannelCount, input.FrameCount);
        _percussive = [.. Enumerable.Range(0, input.ChannelCount).Select(_ => new float[OverlapAddPieces])];
        _clipped = new long[plan.Outputs.Count];
        _peak = new float[plan.Outputs.Count];
    }

    /// <summary>Largest piece the offline separator hands over, in samples.</summary>
    private static int OverlapAddPieces => 1 << 16;

    /// <inheritdoc/>
    public void Accept(int iteration, int start, int count, float[][] harmonic)
    {
        for (int done = 0; done < count; done += OverlapAddPieces)
        {
            int n = Math.Min(OverlapAddPieces, count - done);
            for (int c = 0; c < harmonic.Length; c++)
            {
                TensorPrimitives.Subtract(
                    _input!.Channels[c].AsSpan(start + done, n), harmonic[c].AsSpan(done, n), _percussive[c].AsSpan(0, n));
            }

            Write(iteration, harmonic, done, _percussive, 0, n);
        }
    }

    /// <summary>Writes frames [offset, offset + count) of both estimates of <paramref name="iteration"/>.</summary>
    public void Write(int iteration, float[][] harmonic, int harmonicOffset, float[][] percussive, int percussiveOffset, int count)
    {
        for (int i = 0; i < _plan.Outputs.Count; i++)
        {
            PlannedOutput output = _plan.Outputs[i];
            if (output.Iteration == iteration)
            {
                (float[][] source, int offset) = output.Harmonic ? (harmonic, harmonicOffset) : (percussive, percussiveOffset);
                Measure(i, source, offset, count);
                _set[i].Write(source, offset, count);
            }
        }
    }

    /// <summary>Completes and renames every output.</summary>
    public void Commit(CancellationToken cancellation) => _set.Commit(cancellation);

    /// <summary>One warning line per output with samples beyond full scale (they are clipped by PCM and FLAC).</summary>
    public IEnumerable<string> ClippingWarnings()
    {
        for (int i = 0; i < _plan.Outputs.Count; i++)
        {
            if (_clipped[i] > 0)
            {
                yield return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"warning: {_plan.Outputs[i].Path}: {_clipped[i]} samples beyond full scale (peak {_peak[i]:0.###}) are clipped; the default float WAV output keeps them");
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _set.Dispose();

    private void Measure(int output, float[][] source, int offset, int count)
    {
        for (int c = 0; c < source.Length; c++)
        {
            Measure(source[c].AsSpan(offset, count), ref _peak[output], ref _clipped[output]);
        }
    }

    /// <summary>
    /// Raises <paramref name="peak"/> to the largest magnitude of <paramref name="samples"/> (NaN once any is NaN, as
    /// <see cref="MathF.Max(float, float)"/> sample by sample gives) and adds the samples beyond full scale to <paramref name="clipped"/>;
    /// they are counted only when the peak says there are any (vectorised, a per-sample loop took 15 ms for 16 s of stereo).
    /// </summary>
    internal static void Measure(ReadOnlySpan<float> samples, ref float peak, ref long clipped)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        float magnitude = MathF.Abs(TensorPrimitives.MaxMagnitude(samples));
        peak = MathF.Max(peak, magnitude);
        if (!(magnitude <= 1f))
        {
            clipped += CountBeyondFullScale(samples);
        }
    }

    /// <summary>How many samples have a magnitude above 1 (NaN is not).</summary>
    private static int CountBeyondFullScale(ReadOnlySpan<float> samples)
    {
        int count = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= samples.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> beyond = Vector256.GreaterThan(Vector256.Abs(Vector256.Create(samples.Slice(i, Vector256<float>.Count))), Vector256<float>.One);
                count += BitOperations.PopCount(beyond.ExtractMostSignificantBits());
            }
        }

        for (; i < samples.Length; i++)
        {
            count += MathF.Abs(samples[i]) > 1f ? 1 : 0;
        }

        return count;
    }
}
