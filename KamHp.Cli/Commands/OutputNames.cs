using System.Text.RegularExpressions;

namespace KamHp.Cli.Commands;

/// <summary>
/// The output name template of <c>kamhp separate --name</c>: <c>{stem}</c> (the input's name without extension,
/// <c>stdin</c> for standard input), <c>{part}</c> (<c>harmonic</c>, <c>percussive</c>; <c>iter01.harmonic</c> ...
/// with <c>--every-iteration</c>) and <c>{ext}</c> (<c>wav</c> or <c>flac</c>). It may hold folders
/// (<c>{stem}/{part}.{ext}</c>), relative to the output folder.
/// </summary>
internal static partial class OutputNames
{
    public const string DefaultTemplate = "{stem}.{part}.{ext}";

    private static readonly string[] s_placeholders = ["{stem}", "{part}", "{ext}"];

    /// <summary>Why <paramref name="template"/> cannot name the outputs, or null when it can.</summary>
    public static string? Check(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return "--name: the template is empty";
        }

        foreach (Match match in Placeholder().Matches(template))
        {
            if (!s_placeholders.Contains(match.Value))
            {
                return $"--name {template}: unknown placeholder {match.Value} (use {string.Join(", ", s_placeholders)})";
            }
        }

        if (!template.Contains("{part}", StringComparison.Ordinal))
        {
            return $"--name {template}: must contain {{part}}, or the harmonic and percussive outputs would have the same name";
        }

        return template.EndsWith('/') || template.EndsWith(Path.DirectorySeparatorChar)
            ? $"--name {template}: must name a file, not a folder"
            : null;
    }

    public static string Format(string template, string stem, string part, string extension) => template
        .Replace("{stem}", stem, StringComparison.Ordinal)
        .Replace("{part}", part, StringComparison.Ordinal)
        .Replace("{ext}", extension, StringComparison.Ordinal);

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();
}
