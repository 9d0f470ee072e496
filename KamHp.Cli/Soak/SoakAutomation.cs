using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;

namespace KamHp.Cli.Soak;

/// <summary>
/// The automation of issue 15, as a host sends it: every continuous automatable parameter glides (one point per block,
/// at the block's last sample) to a new random value, picking the next target and a glide of 2-5 s when it gets there;
/// every 30 s one stepped parameter (output, iterations, latency mode, spatial model, bypass) jumps to a random value.
/// Seeded; allocation-free per block (it is also the parameter-queue reader handed to the plugin).
/// </summary>
internal sealed class SoakAutomation : IParameterQueueReader
{
    /// <summary>Seconds between two jumps of a stepped parameter.</summary>
    public const double JumpSeconds = 30;

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

        _untilJump = (long)(JumpSeconds * sampleRateHz);
    }

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
            _untilJump += (long)(JumpSeconds * _sampleRateHz);
            var i = _stepped[_random.Next(_stepped.Length)];
            var steps = ParameterTable.All[i].StepCount;
            _value[i] = (double)_random.Next(steps + 1) / steps;
            Add(i, 0, _value[i]);
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

    private void Add(int index, int offset, double value)
    {
        _ids[_count] = (uint)ParameterTable.All[index].Id;
        _offsets[_count] = offset;
        _points[_count] = value;
        _count++;
    }
}
