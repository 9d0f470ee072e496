using System.Globalization;
using System.Text;
using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Tests.Plugin;

public sealed class ParameterTableTests
{
    // The table is part of the plugin's contract with saved projects: ids, order, ranges, defaults and mappings.
    // If this snapshot has to change, only appending lines is allowed (never edit or remove a released line).
    private const string Snapshot = """
        100 | Balance | Balance | % | Linear | -100..100 | default 0 = 0.5 | steps 0 | - | Automatable
        101 | Harmonic level | H level | dB | Fader | -Infinity..12 | default 0 = 0.630957344480193 | steps 0 | - | Automatable
        102 | Percussive level | P level | dB | Fader | -Infinity..12 | default 0 = 0.630957344480193 | steps 0 | - | Automatable
        103 | Output | Output |  | Stepped | 0..2 | default 0 = 0 | steps 2 | Mix/Harmonic solo/Percussive solo | Automatable, List
        200 | Iterations | Iter |  | Stepped | 1..10 | default 2 = 0.111111111111111 | steps 9 | - | Automatable, Structural, AffectsLatency
        201 | Latency mode | Latency |  | Stepped | 0..3 | default 2 = 0.666666666666667 | steps 3 | Live/Balanced/Studio/Instant | Automatable, List, Structural, AffectsLatency
        202 | Spatial model | Spatial |  | Stepped | 0..1 | default 1 = 1 | steps 1 | Off/On | Automatable, Structural
        203 | Harmonic kernel | H kernel | ms | Logarithmic | 100..1000 | default 395 = 0.59659709562646 | steps 0 | - | Automatable, Structural, AffectsLatency
        204 | Percussive kernel | P kernel | Hz | Logarithmic | 50..500 | default 183 = 0.563481085394411 | steps 0 | - | Automatable, Structural
        205 | Mask sharpness | Sharp |  | Logarithmic | 0.25..4 | default 1 = 0.5 | steps 0 | - | Automatable, Structural
        900 | Bypass | Bypass |  | Stepped | 0..1 | default 0 = 0 | steps 1 | Off/On | Automatable, Bypass
        1000 | Latency | Latency | samples | Linear | 0..4194304 | default 0 = 0 | steps 0 | - | ReadOnly
        206 | Method | Method |  | Stepped | 0..1 | default 1 = 1 | steps 1 | Paper/HiRes | Automatable, List, Structural, AffectsLatency
        """;

    [Fact]
    public void ParameterTable_MatchesSnapshot()
    {
        var text = new StringBuilder();
        foreach (var p in ParameterTable.All)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{(int)p.Id} | {p.Title} | {p.ShortTitle} | {p.Units} | {p.Scale} | {p.Minimum}..{p.Maximum} | ")
                .Append(CultureInfo.InvariantCulture, $"default {p.DefaultValue} = {p.DefaultNormalized:G15} | steps {p.StepCount} | ")
                .Append(p.Labels.Count == 0 ? "-" : string.Join('/', p.Labels))
                .Append(" | ").Append(p.Flags).Append('\n');
        }

        Assert.Equal(Snapshot.ReplaceLineEndings("\n") + "\n", text.ToString());
    }

    [Fact]
    public void ParameterIds_AreUnique_AndValidVst3Ids_AndExactlyOneBypass()
    {
        var ids = ParameterTable.All.Select(p => (long)p.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 0, 0x7FFFFFFF));
        Assert.Single(ParameterTable.All, p => p.Has(ParameterTraits.Bypass));
        Assert.All(ParameterTable.All, p => Assert.False(p.Has(ParameterTraits.ReadOnly) && p.Has(ParameterTraits.Automatable)));
    }

    [Fact]
    public void Lookup_ByRawId_FindsEveryParameter_AndRejectsUnknownIds()
    {
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            Assert.True(ParameterTable.TryGetIndex((uint)ParameterTable.All[i].Id, out var index));
            Assert.Equal(i, index);
        }

        Assert.False(ParameterTable.TryGetIndex(0, out _));
        Assert.False(ParameterTable.TryGetIndex(0xFFFFFFFF, out _));
    }

    [Fact]
    public void NormalizedToPlainToNormalized_RoundTrips_ForEveryParameter()
    {
        foreach (var p in ParameterTable.All)
        {
            for (var k = 0; k <= 1000; k++)
            {
                var x = k / 1000.0;
                if (p.StepCount > 0)
                {
                    // Stepped values snap to the nearest step.
                    var expected = Math.Round(x * p.StepCount) / p.StepCount;
                    Assert.Equal(expected, p.ToNormalized(p.ToPlain(x)), 12);
                }
                else
                {
                    Assert.Equal(x, p.ToNormalized(p.ToPlain(x)), 12);
                }
            }
        }
    }

    [Fact]
    public void FormatThenParse_RoundTrips_ToTheDisplayedPrecision()
    {
        foreach (var p in ParameterTable.All)
        {
            for (var k = 0; k <= 100; k++)
            {
                var x = k / 100.0;
                var text = p.Format(x);
                Assert.True(p.TryParse(text, out var parsed), $"{p.Title}: '{text}' did not parse");
                Assert.Equal(text, p.Format(parsed));
                Assert.True(p.TryParse(text + " " + p.Units, out var withUnit), $"{p.Title}: '{text} {p.Units}' did not parse");
                Assert.Equal(parsed, withUnit);
            }
        }
    }

    [Theory]
    [InlineData(ParameterId.HarmonicLevel, 0.0, "-inf")]
    [InlineData(ParameterId.HarmonicLevel, 1.0, "12.0")]
    [InlineData(ParameterId.HarmonicLevel, 0.630957344480193, "0.0")]
    [InlineData(ParameterId.Balance, 0.5, "0")]
    [InlineData(ParameterId.Balance, 0.0, "-100")]
    [InlineData(ParameterId.Output, 0.5, "Harmonic solo")]
    [InlineData(ParameterId.LatencyMode, 0.0, "Live")]
    [InlineData(ParameterId.LatencyMode, 1.0, "Instant")]
    [InlineData(ParameterId.Iterations, 1.0, "10")]
    [InlineData(ParameterId.SpatialModel, 1.0, "On")]
    [InlineData(ParameterId.HarmonicKernel, 1.0, "1000")]
    [InlineData(ParameterId.MaskSharpness, 0.5, "1.00")]
    public void Format_ShowsHandCheckedText(ParameterId id, double normalized, string expected)
    {
        Assert.Equal(expected, ParameterTable.Get(id).Format(normalized));
    }

    [Theory]
    [InlineData(ParameterId.PercussiveLevel, "-6", -6.0)]
    [InlineData(ParameterId.PercussiveLevel, "-inf dB", double.NegativeInfinity)]
    [InlineData(ParameterId.PercussiveLevel, "+40", 12.0)]
    [InlineData(ParameterId.Balance, "35 %", 35.0)]
    [InlineData(ParameterId.LatencyMode, "balanced", 1.0)]
    [InlineData(ParameterId.LatencyMode, "instant", 3.0)]
    [InlineData(ParameterId.Iterations, "7", 7.0)]
    [InlineData(ParameterId.PercussiveKernel, "12.5", 50.0)]
    public void Parse_AcceptsNumbersLabelsAndUnits_AndClampsToTheRange(ParameterId id, string text, double expectedPlain)
    {
        var p = ParameterTable.Get(id);
        Assert.True(p.TryParse(text, out var normalized));
        Assert.Equal(expectedPlain, p.ToPlain(normalized), 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("loud")]
    [InlineData("NaN")]
    [InlineData("1,5")]
    public void Parse_RejectsGarbage(string text)
    {
        Assert.False(ParameterTable.Get(ParameterId.MaskSharpness).TryParse(text, out _));
    }

    [Fact]
    public void FaderLaw_IsMinusInfinityAtZero_ZeroDbAtDefault_TwelveDbAtTop_AndMonotonic()
    {
        Assert.Equal(double.NegativeInfinity, FaderLaw.NormalizedToDb(0));
        Assert.Equal(0.0, FaderLaw.NormalizedToGain(0));
        Assert.Equal(1.0, FaderLaw.NormalizedToGain(FaderLaw.DbToNormalized(0)), 12);
        Assert.Equal(Math.Pow(10, 12 / 20.0), FaderLaw.NormalizedToGain(1), 12);
        Assert.Equal(-6.0, FaderLaw.NormalizedToDb(FaderLaw.DbToNormalized(-6.0)), 12);
        var previous = -1.0;
        for (var k = 0; k <= 1000; k++)
        {
            var g = FaderLaw.NormalizedToGain(k / 1000.0);
            Assert.True(g > previous);
            previous = g;
        }
    }

    [Fact]
    public void BalanceLaw_CentreIsTransparent_EndsAreSolo_AndFavouredSideStaysAtUnity()
    {
        Assert.Equal((1.0, 1.0), BalanceLaw.Gains(0));
        Assert.Equal((1.0, 0.0), BalanceLaw.Gains(100));
        Assert.Equal((0.0, 1.0), BalanceLaw.Gains(-100));
        Assert.Equal((1.0, 0.5), BalanceLaw.Gains(50));
        Assert.Equal((0.75, 1.0), BalanceLaw.Gains(-25));
        Assert.Equal((1.0, 0.0), BalanceLaw.Gains(250));
    }
}
