namespace AudioPlugSharp.KamHp.Editor;

/// <summary>How a parameter is shown and handled.</summary>
public enum ControlKind
{
    /// <summary>Rotary, drag vertically or horizontally, wheel; the big Balance knob and the small ones.</summary>
    Knob,

    /// <summary>Vertical fader (levels in dB).</summary>
    Fader,

    /// <summary>One button per step of a list (Output, Latency mode).</summary>
    Segmented,

    /// <summary>On/off button (Spatial model, Bypass).</summary>
    Toggle,

    /// <summary>Value with minus and plus halves (Iterations); drag and wheel work too.</summary>
    Stepper,

    /// <summary>Horizontal slider of the compact second row.</summary>
    Slider,
}
