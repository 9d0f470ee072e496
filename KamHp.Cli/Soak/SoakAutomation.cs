using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Cli.Soak;

/// <summary>
/// The automation of issue 15, as a host sends it: every continuous automatable parameter glides (one point per block,
/// at the block's last sample) to a new random value, picking the next target and a glide of 2-5 s when it gets there;
/// every 30 s one stepped parameter (output, iterations, latency mode, spatial model, bypass) jumps to a random value.
/// The first minute is a warm-up: every <see cref="WarmUpJumpSeconds"/> one stepped parameter takes its next value, until
/// each has taken each of its values once (and its default again), so that every code path (every mode, iteration count, output, bypass, their
/// restarts) has run before the soak's baseline: in-process, the JIT compiles a method when it first runs, and that code
/// is not the plugin's memory (the published plugin is compiled ahead of time).
/// Seeded; allocation-free per block (it is also the parameter-queue reader handed to the plugin).
/// </summary>
internal sealed class SoakAutomation : IParameterQueueReader
{
    /// <summary>Seconds between two jumps of a stepped parameter.</summary>
    public const double JumpSeconds = 30;

    /// <summary>Seconds between two stepped values during the warm-up (the first minute of audio).</summary>
    public const double WarmUpJumpSeconds = 2;

    private readonly Random _random;
    private readonly double _sampleRateHz;
    private readonly int[] _continuous;
    private readonly int[] _stepped;
    private readonly double[] _value;
    private readonly double[] _target;
    private readonly long[] _remaining;
    private readonly uint[] _ids = new uint[ParameterTable.Count];
    private readonly double[] _points = new double[ParameterTable.Count];
    private readonly int[] _offsets = new int[ParameterTable.Count];
    private long _untilJump;
    private int _count;
    private int _warmUpParameter;   // index into _stepped of the parameter the warm-up steps next
    private int _warmUpValue;       // its next step

    public SoakAutomation(int seed, double sampleRateHz)
    {
        _random = new Random(seed);
        _sampleRateHz = sampleRateHz;
        var continuous = new List<int>();
        var stepped = new List<int>();
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            var p = ParameterTable.All[i];
            if (p.Has(ParameterTraits.Automatable))
            {
                (p.Scale == ParameterScale.Stepped ? stepped : continuous).Add(i);
            }
        }

        _continuous = [.. continuous];
        _stepped = [.. stepped];
        _value = new double[ParameterTable.Count];
        _target = new double[ParameterTable.Count];
        _remaining = new long[ParameterTable.Count];
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            _value[i] = ParameterTable.All[i].DefaultNormalized;
        }

        _untilJump = (long)(WarmUpJumpSeconds * sampleRateHz);
    }

    /// <summary>True until every stepped parameter has taken each of its values once.</summary>
    public bool WarmingUp => _warmUpParameter < _stepped.Length;

    /// <summary>Stepped jumps so far.</summary>
    public long Jumps { get; private set; }

    public int QueueCount => _count;

    /// <summary>Advances by one block of <paramref name="blockSize"/> samples and fills this block's queues.</summary>
    public void Next(int blockSize)
    {
        _count = 0;
        foreach (var i in _continuous)
        {
            if (_remaining[i] <= 0)
            {
                _target[i] = _random.NextDouble();
                _remaining[i] = (long)((2 + (3 * _random.NextDouble())) * _sampleRateHz);
            }

            var step = Math.Min(blockSize, _remaining[i]);
            _value[i] += (_target[i] - _value[i]) * step / _remaining[i];
            _remaining[i] -= step;
            Add(i, blockSize - 1, _value[i]);
        }

        _untilJump -= blockSize;
        if (_untilJump <= 0)
        {
            if (WarmingUp)
            {
                WarmUpJump();
            }
            else
            {
                var i = _stepped[_random.Next(_stepped.Length)];
                var steps = ParameterTable.All[i].StepCount;
                _value[i] = (double)_random.Next(steps + 1) / steps;
                Add(i, 0, _value[i]);
            }

            _untilJump += (long)((WarmingUp ? WarmUpJumpSeconds : JumpSeconds) * _sampleRateHz);
            Jumps++;
        }
    }

    public uint GetParameterId(int queueIndex) => _ids[queueIndex];

    public int GetPointCount(int queueIndex) => 1;

    public bool TryGetPoint(int queueIndex, int pointIndex, out int sampleOffset, out double normalizedValue)
    {
        sampleOffset = _offsets[queueIndex];
        normalizedValue = _points[queueIndex];
        return pointIndex == 0;
    }

    private void WarmUpJump()
    {
        // Each value in turn, then back to the default, so that the soak proper starts from the defaults (bypass off).
        var i = _stepped[_warmUpParameter];
        var steps = ParameterTable.All[i].StepCount;
        _value[i] = _warmUpValue <= steps ? (double)_warmUpValue / steps : ParameterTable.All[i].DefaultNormalized;
        Add(i, 0, _value[i]);
        if (++_warmUpValue > steps + 1)
        {
            _warmUpParameter++;
            _warmUpValue = 0;
        }
    }

    private void Add(int index, int offset, double value)
    {
        _ids[_count] = (uint)ParameterTable.All[index].Id;
        _offsets[_count] = offset;
        _points[_count] = value;
        _count++;
    }
}
