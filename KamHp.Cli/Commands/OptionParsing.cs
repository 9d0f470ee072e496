using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace KamHp.Cli.Commands;

/// <summary>Parsers and validators for numeric options, with one-line errors that name the option and the allowed values.</summary>
internal static class OptionParsing
{
    /// <summary>An integer option: "--x abc: not a whole number", and for digits beyond the integer range the range itself.</summary>
    public static Func<ArgumentResult, int?> WholeNumber(string range) => result =>
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        bool digits = text.Length > 0 && text.TrimStart('+', '-').Length > 0 && text.TrimStart('+', '-').All(char.IsAsciiDigit);
        result.AddError(digits ? $"{ParentName(result)} {text}: out of range, must be {range}." : $"{ParentName(result)} {text}: not a whole number.");
        return null;
    };

    /// <summary>Parses a real-valued option (invariant culture: a dot for decimals).</summary>
    public static double? Number(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }

        result.AddError($"{ParentName(result)} {text}: not a number.");
        return null;
    }

    public static void CheckRange(OptionResult result, int min, int max)
    {
        if (TryValueOf(result, out int? value) && value is int v && (v < min || v > max))
        {
            result.AddError(Invariant($"{result.Option.Name} {v}: must be {min}..{max}."));
        }
    }

    public static void CheckOdd(OptionResult result, int min, int max)
    {
        if (TryValueOf(result, out int? value) && value is int v && (v < min || v > max || v % 2 == 0))
        {
            result.AddError(Invariant($"{result.Option.Name} {v}: must be odd, {min}..{max}."));
        }
    }

    public static void CheckPositive(OptionResult result)
    {
        if (TryValueOf(result, out double? value) && value is double v && (!double.IsFinite(v) || v <= 0))
        {
            result.AddError(Invariant($"{result.Option.Name} {v}: must be a positive number."));
        }
    }

    public static void RejectBoth(CommandResult result, Option first, Option second)
    {
        if (result.GetResult(first) is { Implicit: false } && result.GetResult(second) is { Implicit: false })
        {
            result.AddError($"{first.Name} and {second.Name} cannot be used together.");
        }
    }

    /// <summary>
    /// The option's value for a validator. Validators run even when the text did not parse ("--iterations abc"),
    /// and reading the value then throws; the parser has already reported that error, so the validator skips it.
    /// </summary>
    public static bool TryValueOf<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string ParentName(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name ?? "value";
}
