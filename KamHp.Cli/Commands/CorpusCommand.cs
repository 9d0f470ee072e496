using System.CommandLine;
using System.Globalization;
using KamHp.Cli.Evaluation;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp corpus DIR</c>: writes a deterministic synthetic evaluation corpus (<see cref="SyntheticCorpus"/>): one
/// folder per excerpt with mix.wav, harmonic.wav and percussive.wav, and a manifest.json, so that <c>kamhp eval</c>
/// runs anywhere. Exit codes: 0 written, 1 usage error (or DIR exists and is not empty: nothing is overwritten), 3 a file
/// could not be written.
/// </summary>
internal static class CorpusCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Folder to create (must not exist, or be empty).", HelpName = "DIR" };
        var excerpts = new Option<int>("--excerpts") { Description = "Number of excerpts, 1..64.", DefaultValueFactory = _ => 4, HelpName = "N" };
        var seconds = new Option<double>("--seconds") { Description = "Length of each excerpt in seconds, 1..600.", DefaultValueFactory = _ => 10.0, HelpName = "S" };
        var rate = new Option<int>("--rate") { Description = "Sample rate in Hz, 8000..192000.", DefaultValueFactory = _ => 44100, HelpName = "HZ" };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same files.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var command = new Command("corpus", "Write a deterministic synthetic evaluation corpus (stems with known truth, mixtures, manifest) for kamhp eval.")
        {
            folder, excerpts, seconds, rate, seed,
        };
        command.SetAction(parse =>
        {
            CliConsole console = CliConsole.From(parse);
            string dir = parse.GetValue(folder) ?? string.Empty;
            int n = parse.GetValue(excerpts);
            double s = parse.GetValue(seconds);
            int hz = parse.GetValue(rate);
            string? problem =
                n is < 1 or > 64 ? $"--excerpts {n}: must be 1..64"
                : !double.IsFinite(s) || s < 1 || s > 600 ? string.Create(CultureInfo.InvariantCulture, $"--seconds {s}: must be 1..600")
                : hz is < 8000 or > 192000 ? $"--rate {hz}: must be 8000..192000"
                : File.Exists(dir) ? $"{dir}: is a file"
                : Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() ? $"{dir}: exists and is not empty; nothing was written"
                : null;
            if (problem is not null)
            {
                console.Error.WriteLine($"kamhp corpus: {problem}");
                return ExitCodes.Usage;
            }

            try
            {
                Directory.CreateDirectory(dir);
                IReadOnlyList<string> files = SyntheticCorpus.Write(dir, n, s, hz, parse.GetValue(seed));
                console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {n} excerpt{(n == 1 ? string.Empty : "s")} of {s} s ({files.Count} files) to {dir}"));
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"kamhp corpus: {dir}: {e.Message.ReplaceLineEndings(" ")}");
                return ExitCodes.OutputFailed;
            }
        });
        return command;
    }
}
