using System.Globalization;

namespace KamHp.Cli.Live;

/// <summary>
/// Which MIDI messages move which parameter in <c>kamhp live</c>. Controller and note numbers are 0..127, or
/// <see cref="None"/> for "not mapped". The defaults: the modulation wheel (CC 1) for the balance, general-purpose
/// controllers 16 and 17 for the harmonic and percussive levels and 18 for bypass (controllers without a fixed
/// musical meaning, so a keyboard's volume, expression or sustain pedal never moves them), no bypass note.
/// </summary>
internal sealed record MidiMapping
{
    /// <summary>"Not mapped".</summary>
    public const int None = -1;

    /// <summary>Omni: messages on every channel count.</summary>
    public const int Omni = 0;

    /// <summary>Controller of the balance: 0 = percussive only, 64 = centre (transparent), 127 = harmonic only.</summary>
    public int BalanceController { get; init; } = 1;

    /// <summary>Controller of the harmonic level: 0 = silence, 100 = 0 dB exactly, 127 = +12 dB (see <see cref="MidiMapper.LevelToNormalized"/>).</summary>
    public int HarmonicLevelController { get; init; } = 16;

    /// <summary>Controller of the percussive level (as <see cref="HarmonicLevelController"/>).</summary>
    public int PercussiveLevelController { get; init; } = 17;

    /// <summary>Controller that toggles bypass each time its value rises through 64 (a button's press).</summary>
    public int BypassController { get; init; } = 18;

    /// <summary>Note that toggles bypass on each note-on (velocity above 0).</summary>
    public int BypassNote { get; init; } = None;

    /// <summary>Channel 1..16, or <see cref="Omni"/>.</summary>
    public int Channel { get; init; } = Omni;

    /// <summary>True when a message on <paramref name="channel"/> (1..16) is listened to.</summary>
    public bool Accepts(int channel) => Channel == Omni || Channel == channel;

    /// <summary>One line for the display and the start-up banner.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"balance {Cc(BalanceController)}, H level {Cc(HarmonicLevelController)}, P level {Cc(PercussiveLevelController)}, bypass {Cc(BypassController)}{(BypassNote == None ? "" : $" / note {BypassNote}")}; channel {(Channel == Omni ? "omni" : Channel.ToString(CultureInfo.InvariantCulture))}");

    private static string Cc(int controller) => controller == None ? "-" : "CC " + controller.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a controller or note number: 0..127, or "none"/"off".</summary>
    public static bool TryParseNumber(string? text, out int number)
    {
        number = None;
        if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number) && number is >= 0 and <= 127;
    }
}
