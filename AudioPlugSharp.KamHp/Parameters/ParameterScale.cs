namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>How a parameter's normalized value (0..1) maps to its plain value.</summary>
public enum ParameterScale
{
    /// <summary>plain = min + x (max - min).</summary>
    Linear,

    /// <summary>plain = min (max / min)^x; min and max are positive.</summary>
    Logarithmic,

    /// <summary>Fader law in dB with -inf at 0: see <see cref="FaderLaw"/>.</summary>
    Fader,

    /// <summary>Integer steps min..max (lists and toggles too): plain = min + round(x (max - min)).</summary>
    Stepped,
}
