using System.Globalization;
using KamHp.Dsp;

namespace AudioPlugSharp.KamHp.Parameters;

/// <summary>
/// One parameter: identity, range, default, units, display text and the mapping between the normalized value the host
/// automates (0..1) and the plain value in the parameter's units. Immutable; all instances live in <see cref="ParameterTable"/>.
/// </summary>
public sealed class ParameterDefinition
{
    /// <summary>Longest display text <see cref="Format"/> produces, in characters.</summary>
    public const int MaxFormattedLength = 64;

    private static readonly string[] s_fixedFormats = ["F0", "F1", "F2", "F3", "F4", "F5", "F6"];

    /// <summary>Stable id (never derived from the position in the table).</summary>
    public required ParameterId Id { get; init; }

    /// <summary>Full title shown by hosts.</summary>
    public required string Title { get; init; }

    /// <summary>Short title for narrow displays.</summary>
    public required string ShortTitle { get; init; }

    /// <summary>Unit label ("dB", "%", "ms", "Hz", "samples") or empty.</summary>
    public string Units { get; init; } = "";

    /// <summary>Mapping between normalized and plain values.</summary>
    public required ParameterScale Scale { get; init; }

    /// <summary>Plain value at normalized 0 (negative infinity for fader levels).</summary>
    public required double Minimum { get; init; }

    /// <summary>Plain value at normalized 1.</summary>
    public required double Maximum { get; init; }

    /// <summary>Default in plain units.</summary>
    public required double DefaultValue { get; init; }

    /// <summary>
    /// Plain value a saved state that lacks this parameter loads with, or null for <see cref="DefaultValue"/>. For a
    /// parameter appended after states were saved whose default differs from how those states sounded (the method:
    /// new instances get HiRes, a project saved before it existed keeps the paper's sound).
    /// </summary>
    public double? AbsentFromStateValue { get; init; }

    /// <summary>Names of the steps of a list or toggle, in plain-value order; empty otherwise.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Host-facing and processing traits.</summary>
    public ParameterTraits Flags { get; init; }

    /// <summary>
    /// For a <see cref="ParameterTraits.Structural"/> parameter: writes its plain value into the engine settings (a
    /// static lambda, so calling it on the audio thread allocates nothing). Null for every other parameter. This is
    /// the whole binding between a parameter and the engine: <c>SettingsMapper</c> only walks the table.
    /// </summary>
    public Func<EngineSettings, double, EngineSettings>? ApplyToEngine { get; init; }

    /// <summary>Decimals shown for continuous values.</summary>
    public int Decimals { get; init; }

    /// <summary>Number of steps (VST3 stepCount): 0 for continuous, 1 for a toggle, n for n + 1 discrete values.</summary>
    public int StepCount => Scale == ParameterScale.Stepped ? (int)(Maximum - Minimum) : 0;

    /// <summary>Default as a normalized value.</summary>
    public double DefaultNormalized => ToNormalized(DefaultValue);

    /// <summary>True when the flag is set.</summary>
    public bool Has(ParameterTraits flag) => (Flags & flag) == flag;

    /// <summary>Normalized (clamped to 0..1; NaN counts as 0) to plain.</summary>
    public double ToPlain(double normalized)
    {
        var x = double.IsNaN(normalized) ? 0.0 : Math.Clamp(normalized, 0.0, 1.0);
        return Scale switch
        {
            ParameterScale.Linear => Minimum + (x * (Maximum - Minimum)),
            ParameterScale.Logarithmic => Minimum * Math.Pow(Maximum / Minimum, x),
            ParameterScale.Fader => FaderLaw.NormalizedToDb(x),
            _ => Minimum + Math.Round(x * (Maximum - Minimum)),
        };
    }

    /// <summary>Plain (clamped to the range) to normalized. NaN gives the default.</summary>
    public double ToNormalized(double plain)
    {
        if (double.IsNaN(plain))
        {
            plain = DefaultValue;
        }

        switch (Scale)
        {
            case ParameterScale.Fader:
                return FaderLaw.DbToNormalized(Math.Min(plain, Maximum));
            case ParameterScale.Logarithmic:
                var p = Math.Clamp(plain, Minimum, Maximum);
                return Math.Log(p / Minimum) / Math.Log(Maximum / Minimum);
            case ParameterScale.Stepped:
                var steps = Maximum - Minimum;
                return steps <= 0 ? 0.0 : (Math.Round(Math.Clamp(plain, Minimum, Maximum)) - Minimum) / steps;
            default:
                return (Math.Clamp(plain, Minimum, Maximum) - Minimum) / (Maximum - Minimum);
        }
    }

    /// <summary>Display text of a normalized value, without the unit (hosts show <see cref="Units"/> next to it).</summary>
    public string Format(double normalized)
    {
        Span<char> text = stackalloc char[MaxFormattedLength];
        TryFormat(normalized, text, out var written);
        return new string(text[..written]);
    }

    /// <summary>
    /// <see cref="Format"/> without allocating (hosts ask for display strings of automated values many times a second;
    /// garbage there is what a plugin's heap grows by between collections, issue 15). False if the text does not fit.
    /// </summary>
    public bool TryFormat(double normalized, Span<char> destination, out int charsWritten)
    {
        var plain = ToPlain(normalized);
        if (Scale == ParameterScale.Stepped)
        {
            var index = (int)(plain - Minimum);
            if (Labels.Count > index)
            {
                return TryCopy(Labels[index], destination, out charsWritten);
            }

            return ((int)plain).TryFormat(destination, out charsWritten, default, CultureInfo.InvariantCulture);
        }

        if (double.IsNegativeInfinity(plain))
        {
            return TryCopy("-inf", destination, out charsWritten);
        }

        // Round first so that tiny negatives do not print as "-0.0".
        var rounded = Math.Round(plain, Decimals) + 0.0;
        return rounded.TryFormat(destination, out charsWritten, s_fixedFormats[Math.Clamp(Decimals, 0, s_fixedFormats.Length - 1)], CultureInfo.InvariantCulture);
    }

    private static bool TryCopy(string text, Span<char> destination, out int charsWritten)
    {
        var fits = text.AsSpan().TryCopyTo(destination);
        charsWritten = fits ? text.Length : 0;
        return fits;
    }

    /// <summary>
    /// Parses display text (a label, a number with or without the unit, "-inf" for levels) into a normalized value.
    /// Numbers outside the range are clamped. Culture-invariant: "." is the decimal separator.
    /// </summary>
    public bool TryParse(string? text, out double normalized)
    {
        normalized = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        for (var i = 0; i < Labels.Count; i++)
        {
            if (string.Equals(Labels[i], s, StringComparison.OrdinalIgnoreCase))
            {
                normalized = ToNormalized(Minimum + i);
                return true;
            }
        }

        if (Units.Length > 0 && s.EndsWith(Units, StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^Units.Length].TrimEnd();
        }

        if (Scale == ParameterScale.Fader && (s.Equals("-inf", StringComparison.OrdinalIgnoreCase) || s == "-\u221E"))
        {
            normalized = 0;
            return true;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) || !double.IsFinite(plain))
        {
            return false;
        }

        normalized = ToNormalized(plain);
        return true;
    }
}
