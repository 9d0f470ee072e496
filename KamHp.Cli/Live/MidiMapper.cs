using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Cli.Live;

/// <summary>
/// Turns MIDI messages into parameter steps at their frames (<see cref="MidiMapping"/> says which message moves what),
/// and implements MIDI learn for the balance controller. Audio thread only (no allocation, no lock); the display reads
/// <see cref="BalanceController"/>, <see cref="IsLearning"/> and <see cref="LastMessage"/> from another thread, each one
/// atomic word.
/// </summary>
internal sealed class MidiMapper
{
    private const int Unseen = -1;

    private static readonly int s_balance = ParameterTable.IndexOf(ParameterId.Balance);
    private static readonly int s_harmonicLevel = ParameterTable.IndexOf(ParameterId.HarmonicLevel);
    private static readonly int s_percussiveLevel = ParameterTable.IndexOf(ParameterId.PercussiveLevel);
    private static readonly int s_bypass = ParameterTable.IndexOf(ParameterId.Bypass);

    private readonly MidiMapping _mapping;
    private readonly int[] _lastValues = new int[16 * 128];
    private int _balanceController;
    private int _learning;
    private int _lastMessage = -1;

    /// <summary>A mapper; with <paramref name="learn"/> the balance controller is the next one that moves.</summary>
    public MidiMapper(MidiMapping mapping, bool learn)
    {
        _mapping = mapping;
        _balanceController = mapping.BalanceController;
        _learning = learn ? 1 : 0;
        Array.Fill(_lastValues, Unseen);
    }

    /// <summary>The controller that moves the balance now (the learned one after learning).</summary>
    public int BalanceController => Volatile.Read(ref _balanceController);

    /// <summary>True while waiting for a controller to learn.</summary>
    public bool IsLearning => Volatile.Read(ref _learning) != 0;

    /// <summary>The last message received (any kind, any channel), packed by <see cref="MidiMessage.Pack"/>; -1 before the first.</summary>
    public int LastMessage => Volatile.Read(ref _lastMessage);

    /// <summary>
    /// Balance (normalized 0..1) of a controller value: 0 = -100 % (percussive only), 64 = 0 % (centre, transparent),
    /// 127 = +100 % (harmonic only), linear on each side, so the centre is exact although 0..127 has no middle value.
    /// </summary>
    public static double BalanceToNormalized(int value)
    {
        var v = Math.Clamp(value, 0, 127);
        var percent = v <= 64 ? -100.0 + (100.0 * v / 64.0) : 100.0 * (v - 64) / 63.0;
        return ParameterTable.All[s_balance].ToNormalized(percent);
    }

    /// <summary>
    /// Level (normalized, the plugin's fader law) of a controller value: 0 = silence, 100 = 0 dB exactly, 127 = +12 dB,
    /// the law's travel split at 0 dB so a knob can return to exact unity.
    /// </summary>
    public static double LevelToNormalized(int value)
    {
        var v = Math.Clamp(value, 0, 127);
        return v <= 100
            ? FaderLaw.UnityNormalized * v / 100.0
            : FaderLaw.UnityNormalized + ((1.0 - FaderLaw.UnityNormalized) * (v - 100) / 27.0);
    }

    /// <summary>Applies the messages of one period (frames in order) to <paramref name="steps"/>.</summary>
    public void Apply(ReadOnlySpan<MidiMessage> messages, ParameterSteps steps)
    {
        foreach (var message in messages)
        {
            Volatile.Write(ref _lastMessage, message.Pack());
            if (!_mapping.Accepts(message.Channel))
            {
                continue;
            }

            if (message.Kind == 0xB0)
            {
                ControlChange(message, steps);
            }
            else if (message.Kind == 0x90 && message.Value > 0 && message.Controller == _mapping.BypassNote)
            {
                ToggleBypass(message.Frame, steps);
            }
        }
    }

    private void ControlChange(in MidiMessage message, ParameterSteps steps)
    {
        var slot = ((message.Channel - 1) * 128) + message.Controller;
        var previous = _lastValues[slot];
        _lastValues[slot] = message.Value;

        // Learn: a controller "moves" once it has sent two different values, so a one-off message (a keyboard's reset
        // of all controllers, a program's bank select) is not taken for the knob being turned.
        if (_learning != 0 && previous != Unseen && previous != message.Value)
        {
            Volatile.Write(ref _balanceController, message.Controller);
            Volatile.Write(ref _learning, 0);
        }

        var controller = message.Controller;
        if (_learning == 0 && controller == _balanceController)
        {
            steps.Step(s_balance, message.Frame, BalanceToNormalized(message.Value));
        }
        else if (controller == _mapping.HarmonicLevelController)
        {
            steps.Step(s_harmonicLevel, message.Frame, LevelToNormalized(message.Value));
        }
        else if (controller == _mapping.PercussiveLevelController)
        {
            steps.Step(s_percussiveLevel, message.Frame, LevelToNormalized(message.Value));
        }
        else if (controller == _mapping.BypassController && message.Value >= 64 && (previous == Unseen || previous < 64))
        {
            ToggleBypass(message.Frame, steps);
        }
    }

    private static void ToggleBypass(int frame, ParameterSteps steps) =>
        steps.Step(s_bypass, frame, steps.Current(s_bypass) >= 0.5 ? 0.0 : 1.0);
}
