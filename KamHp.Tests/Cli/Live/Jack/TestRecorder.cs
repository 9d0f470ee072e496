using KamHp.Cli.Live.Jack;

namespace KamHp.Tests.Cli.Live.Jack;

/// <summary>
/// Records its inputs once armed, period after period, until full: what the player sent (reference) and the live
/// client's six outputs. It notes the server frame time of its first sample and any period that does not follow the
/// previous one (a gap would break the sample-for-sample comparison).
/// </summary>
internal sealed class TestRecorder : TestJackClient
{
    /// <summary>Input port names, in <see cref="Channels"/> order.</summary>
    public static readonly string[] Ports = ["ref_L", "ref_R", "mix_L", "mix_R", "harmonic_L", "harmonic_R", "percussive_L", "percussive_R"];

    private readonly nint[] _ports;
    private readonly long[] _periodFrameTimes;
    private readonly int[] _periodStarts;
    private int _periods;
    private int _armed;
    private int _written;
    private long _startFrameTime = -1;
    private long _nextFrameTime;
    private int _gaps;

    public TestRecorder(string serverName, int length)
        : base("kamhp-test-recorder", serverName)
    {
        _periodFrameTimes = new long[(length / 16) + 16];
        _periodStarts = new int[_periodFrameTimes.Length];
        Channels = new float[Ports.Length][];
        _ports = new nint[Ports.Length];
        for (var c = 0; c < Ports.Length; c++)
        {
            Channels[c] = new float[length];
            _ports[c] = Register(Ports[c], JackNative.AudioType, JackPortFlags.IsInput);
        }
    }

    /// <summary>Recorded signals, one per port of <see cref="Ports"/>.</summary>
    public float[][] Channels { get; }

    /// <summary>Server frame time of the first recorded sample, -1 before.</summary>
    public long StartFrameTime => Interlocked.Read(ref _startFrameTime);

    /// <summary>Periods that did not start where the previous one ended.</summary>
    public int Gaps => Volatile.Read(ref _gaps);

    public void Arm() => Volatile.Write(ref _armed, 1);

    /// <summary>
    /// Index in the recording of server frame <paramref name="frameTime"/>, found through the frame time of each recorded
    /// period (so a jump of the server's frame counter between periods does not shift it); -1 if not recorded.
    /// </summary>
    public int IndexOf(long frameTime)
    {
        var periods = Volatile.Read(ref _periods);
        for (var p = 0; p < periods; p++)
        {
            var end = p + 1 < periods ? _periodStarts[p + 1] : Volatile.Read(ref _written);
            if (frameTime >= _periodFrameTimes[p] && frameTime < _periodFrameTimes[p] + (end - _periodStarts[p]))
            {
                return _periodStarts[p] + (int)(frameTime - _periodFrameTimes[p]);
            }
        }

        return -1;
    }

    public bool WaitFull(TimeSpan timeout) => SpinWait.SpinUntil(() =>
    {
        Thread.Sleep(10);
        return Volatile.Read(ref _written) >= Channels[0].Length;
    }, timeout);

    protected override unsafe void Process(uint frames, uint frameTime)
    {
        var length = Channels[0].Length;
        if (Volatile.Read(ref _armed) == 0 || _written >= length)
        {
            return;
        }

        if (_written == 0)
        {
            Interlocked.Exchange(ref _startFrameTime, frameTime);
        }
        else if (frameTime != _nextFrameTime)
        {
            Interlocked.Increment(ref _gaps);
        }

        _nextFrameTime = frameTime + frames;
        if (_periods < _periodFrameTimes.Length)
        {
            _periodFrameTimes[_periods] = frameTime;
            _periodStarts[_periods] = _written;
            Volatile.Write(ref _periods, _periods + 1);
        }

        var n = Math.Min((int)frames, length - _written);
        for (var c = 0; c < _ports.Length; c++)
        {
            new ReadOnlySpan<float>(JackNative.PortGetBuffer(_ports[c], frames), n).CopyTo(Channels[c].AsSpan(_written, n));
        }

        Volatile.Write(ref _written, _written + n);
    }
}
