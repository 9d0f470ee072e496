using KamHp.Cli.Live.Jack;

namespace KamHp.Tests.Cli.Live.Jack;

/// <summary>Plays a stereo signal in a loop on out_L/out_R and sends one scheduled MIDI message on midi_out.</summary>
internal sealed unsafe class TestPlayer : TestJackClient
{
    private readonly float[] _left;
    private readonly float[] _right;
    private readonly nint _outLeft;
    private readonly nint _outRight;
    private readonly nint _midiOut;
    private long _position;
    private long _scheduledFrameTime = -1;
    private long _sentFrameTime = -1;
    private byte[] _message = [];

    public TestPlayer(string serverName, float[] left, float[] right)
        : base("kamhp-test-player", serverName)
    {
        _left = left;
        _right = right;
        _outLeft = Register("out_L", JackNative.AudioType, JackPortFlags.IsOutput);
        _outRight = Register("out_R", JackNative.AudioType, JackPortFlags.IsOutput);
        _midiOut = Register("midi_out", JackNative.MidiType, JackPortFlags.IsOutput);
    }

    /// <summary>Server frame time at which the message went out, -1 before.</summary>
    public long SentFrameTime => Interlocked.Read(ref _sentFrameTime);

    /// <summary>Sends <paramref name="message"/> at server frame <paramref name="frameTime"/> (or at once if that is past).</summary>
    public void Schedule(long frameTime, params byte[] message)
    {
        _message = message;
        Interlocked.Exchange(ref _scheduledFrameTime, frameTime);
    }

    protected override void Process(uint frames, uint frameTime)
    {
        var left = new Span<float>(JackNative.PortGetBuffer(_outLeft, frames), (int)frames);
        var right = new Span<float>(JackNative.PortGetBuffer(_outRight, frames), (int)frames);
        for (var i = 0; i < (int)frames; i++)
        {
            var k = (int)((_position + i) % _left.Length);
            left[i] = _left[k];
            right[i] = _right[k];
        }

        _position += frames;
        var midi = JackNative.PortGetBuffer(_midiOut, frames);
        JackNative.MidiClearBuffer(midi);
        var scheduled = Interlocked.Read(ref _scheduledFrameTime);
        if (scheduled >= 0 && SentFrameTime < 0 && scheduled < frameTime + frames)
        {
            var offset = (uint)Math.Max(0, scheduled - frameTime);
            fixed (byte* data = _message)
            {
                Assert.Equal(0, JackNative.MidiEventWrite(midi, offset, data, (nuint)_message.Length));
            }

            Interlocked.Exchange(ref _sentFrameTime, frameTime + offset);
        }
    }
}
