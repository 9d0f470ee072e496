namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// Levels of one analysis period, linear amplitude (1 = 0 dBFS): peak is the largest absolute sample over both
/// channels, RMS the root mean square over both channels. Harmonic and percussive are the separated parts before the
/// balance and level gains (what the separation finds, not what the knob keeps).
/// </summary>
public readonly record struct MeterReading(
    float InputPeak,
    float InputRms,
    float HarmonicPeak,
    float HarmonicRms,
    float PercussivePeak,
    float PercussiveRms);
