using System.Globalization;
using AudioPlugSharp.KamHp.Parameters;
using KamHp.Cli.Audio;
using KamHp.Dsp;
using KamHp.Tests.Plugin;

namespace KamHp.Tests.Vst3.Ardour;

/// <summary>
/// KamHp in a real DAW: Debian's Ardour 7 (package "ardour"). The published bundle is scanned with
/// ardour-vst3-scanner, an ardour7-lua script builds a session on the "None (Dummy)" backend, records pink noise into a
/// stereo track, inserts KamHp, sets parameters and saves snapshots; ardour7-export renders each snapshot. The renders
/// are compared with the recorded input: any error in the latency KamHp reports would show up as a time shift, because
/// Ardour compensates exactly the latency it is told. Runs alone (<see cref="ArdourRenderGroup"/>): the harmonic-solo
/// plus percussive-solo check adds two separate renders, which is exact only when Ardour starts both at the same point
/// of the plug-in's frame grid. That check failed once in four runs (at 44.1 kHz) on a machine under a load average
/// of about 30; the suspected cause, not verified, is a start point that varies with load (an open finding: renders
/// independent of when the host started processing would need the frame grid anchored to the project time).
/// </summary>
[Collection(ArdourRenderGroup.Name)]
public sealed class ArdourTests(Vst3BundleFixture bundle)
{
    private const double SampleRateHz = 48000;
    private const string ArdourLibraries = "/usr/lib/ardour7";

    // Ardour's gain stages are at unity and it renders in float, so a correct render equals the recording to float
    // rounding of the engine; a wrong latency or gain gives errors of the order of the signal itself.
    private const double Tolerance = 1e-4;

    [Fact]
    public void Ardour7_ScansLoadsAndRendersKamHp_WithExactLatencyCompensation()
    {
        Assert.True(File.Exists(Path.Combine(ArdourLibraries, "ardour-vst3-scanner")) && File.Exists("/usr/bin/ardour7-lua"),
            "Ardour 7 is not installed: apt-get install ardour (the CI script does)");

        var root = Directory.CreateTempSubdirectory("kamhp-ardour").FullName;
        try
        {
            var home = Path.Combine(root, "home");
            var plugin = InstallForUser(bundle.BundlePath, home);
            var environment = new Dictionary<string, string> { ["HOME"] = home, ["LD_LIBRARY_PATH"] = ArdourLibraries };

            // 1. Scan, as Ardour does out of process.
            var scan = ExternalTool.Run(Path.Combine(ArdourLibraries, "ardour-vst3-scanner"), ["-v", "-f", plugin], environment, TimeSpan.FromMinutes(1));
            Assert.True(scan.ExitCode == 0, "scanner failed: " + scan.Error + scan.Output);
            Assert.Contains("96339A9770C744ADBCB9BF01130AAEF3", scan.Output + scan.Error, StringComparison.Ordinal);
            Assert.Contains("n_inputs=\"2\" n_outputs=\"2\"", scan.Output + scan.Error, StringComparison.Ordinal);

            // 2. Session: record, insert, configure, snapshot.
            var sessionDir = Path.Combine(root, "session");
            var script = Path.Combine(root, "kamhp.lua");
            File.WriteAllText(script, ArdourSessionScript.Text.Replace("@DIR@", sessionDir, StringComparison.Ordinal).Replace("@NAME@", "kamhp", StringComparison.Ordinal));
            var lua = ExternalTool.Run("ardour7-lua", [script], environment, TimeSpan.FromMinutes(2));
            var report = lua.Output.Split('\n').Where(l => l.StartsWith("KAMHP|", StringComparison.Ordinal)).Select(l => l.TrimEnd().Split('|')).ToList();
            Assert.True(report.Any(r => r[1] == "done"), $"ardour7-lua did not finish ({lua.ExitCode}):\n{lua.Output}\n{lua.Error}");

            // What Ardour sees: every parameter, in table order; the latency KamHp reports, before and after Live mode.
            var labels = report.Where(r => r[1] == "param").Select(r => r[3]).ToList();
            Assert.Equal(ParameterTable.All.Select(p => p.Title), labels);
            Assert.Equal(["2", "2"], report.Single(r => r[1] == "outputs")[2..4]);
            var studio = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine);
            var live = KamHpEngine.ComputeLatencySamples(SampleRateHz, PluginDefaults.Engine with { LatencyMode = LatencyMode.Live });
            Assert.Equal(studio, int.Parse(report.Single(r => r[1] == "latency")[2], CultureInfo.InvariantCulture));
            Assert.Equal(live, (int)double.Parse(report.Single(r => r[1] == "reported")[2], CultureInfo.InvariantCulture));
            Assert.Equal(live, int.Parse(report.Single(r => r[1] == "latency-after-change")[2], CultureInfo.InvariantCulture));

            // 3. Renders against the recorded input.
            var source = ReadRecording(sessionDir);
            var length = source[0].Length;
            Assert.True(length > 48000, $"recording too short: {length} samples");
            var renders = new Dictionary<string, float[][]>();
            foreach (var snapshot in new[] { "null", "harmonic", "percussive", "bypass", "live" })
            {
                renders[snapshot] = Export(sessionDir, snapshot, Path.Combine(root, snapshot + ".wav"), environment);
                Assert.Equal(length, renders[snapshot][0].Length);
            }

            // The first and last few ms hold Ardour's region fades; compare the inside.
            var from = 4800;
            var to = length - 4800;
            for (var c = 0; c < 2; c++)
            {
                var peak = source[c].Max(Math.Abs);
                AssertClose(source[c], renders["null"][c], from, to, peak, "defaults (null test)");
                AssertClose(source[c], renders["bypass"][c], from, to, peak, "bypass");
                AssertClose(source[c], renders["live"][c], from, to, peak, "Live mode, after the latency change");
                var sum = renders["harmonic"][c].Zip(renders["percussive"][c], (h, p) => h + p).ToArray();
                AssertClose(source[c], sum, from, to, peak, "harmonic solo + percussive solo");
                Assert.True(MaxDifference(source[c], renders["harmonic"][c], from, to) > 0.01 * peak, "harmonic solo equals the input");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Copies the bundle to ~/.vst3 of a private HOME, dated in the past so that the scan cache counts as fresh.</summary>
    internal static string InstallForUser(string bundlePath, string home)
    {
        var target = Path.Combine(home, ".vst3", "KamHp.vst3");
        foreach (var file in Directory.EnumerateFiles(bundlePath, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(bundlePath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var entry in Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Append(target))
        {
            File.SetLastWriteTimeUtc(entry, past);
        }

        return target;
    }

    private static float[][] ReadRecording(string sessionDir)
    {
        var files = Directory.GetFiles(sessionDir, "*.wav", SearchOption.AllDirectories)
            .Where(f => f.Contains("audiofiles", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var left = files.Single(f => f.EndsWith("%L.wav", StringComparison.Ordinal));
        var right = files.Single(f => f.EndsWith("%R.wav", StringComparison.Ordinal));
        return [WavFile.Read(left).Channels[0], WavFile.Read(right).Channels[0]];
    }

    /// <summary>
    /// Renders a snapshot. ardour7-export of Ardour 7.3 sometimes aborts in its own teardown (a double free in
    /// PortExportChannel's destructor, about 1 run in 10, reproduced on sessions without KamHp) and was once seen to
    /// hang, so a failed or stuck run (an export takes about 3 s) is retried.
    /// </summary>
    private static float[][] Export(string sessionDir, string snapshot, string output, Dictionary<string, string> environment)
    {
        var log = "";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            File.Delete(output);
            var result = ExternalTool.Run("ardour7-export", ["-b", "float", "-o", output, sessionDir, snapshot], environment, TimeSpan.FromSeconds(45));
            if (result.ExitCode == 0 && File.Exists(output))
            {
                return WavFile.Read(output).Channels;
            }

            log += $"attempt {attempt}: exit {result.ExitCode}\n{result.Output}\n{result.Error}\n";
        }

        throw new InvalidOperationException($"ardour7-export {snapshot} failed:\n{log}");
    }

    private static double MaxDifference(float[] a, float[] b, int from, int to)
    {
        var max = 0.0;
        for (var i = from; i < to; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    private static void AssertClose(float[] expected, float[] actual, int from, int to, double peak, string what)
    {
        var difference = MaxDifference(expected, actual, from, to);
        Assert.True(difference <= Tolerance * peak, $"{what}: max difference {difference} (peak {peak})");
    }
}

/// <summary>Ardour's renders run alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ArdourRenderGroup : ICollectionFixture<Vst3BundleFixture>
{
    public const string Name = "Ardour renders";
}
