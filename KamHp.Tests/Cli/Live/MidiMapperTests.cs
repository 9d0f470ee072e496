using AudioPlugSharp.KamHp.Parameters;
using KamHp.Cli.Live;

namespace KamHp.Tests.Cli.Live;

public sealed class MidiMapperTests
{
    private static readonly ParameterDefinition s_balance = ParameterTable.Get(ParameterId.Balance);

    [Theory]
    [InlineData(0, -100.0)]
    [InlineData(32, -50.0)]
    [InlineData(64, 0.0)]
    [InlineData(127, 100.0)]
    public void BalanceCc_MapsPercussiveOnly_Centre_HarmonicOnly(int value, double percent) =>
        Assert.Equal(percent, s_balance.ToPlain(MidiMapper.BalanceToNormalized(value)), 9);

    [Fact]
    public void BalanceCc_IsMonotonic_AndTheCentreIsExactlyTransparent()
    {
        Assert.Equal(s_balance.DefaultNormalized, MidiMapper.BalanceToNormalized(64));
        for (var v = 1; v <= 127; v++)
        {
            Assert.True(MidiMapper.BalanceToNormalized(v) > MidiMapper.BalanceToNormalized(v - 1));
        }
    }

    [Theory]
    [InlineData(0, double.NegativeInfinity)]
    [InlineData(100, 0.0)]
    [InlineData(127, 12.0)]
    public void LevelCc_MapsSilence_Unity_Maximum(int value, double db) =>
        Assert.Equal(db, FaderLaw.NormalizedToDb(MidiMapper.LevelToNormalized(value)), 9);

    [Fact]
    public void MidiMessage_PacksAndUnpacks_AllFields()
    {
        var m = MidiMessage.ControlChange(17, 16, 74, 99);
        var back = MidiMessage.Unpack(m.Pack());
        Assert.Equal((0xB0, 16, 74, 99), (back.Kind, back.Channel, back.Controller, back.Value));
    }

    [Theory]
    [InlineData("none", MidiMapping.None, true)]
    [InlineData("OFF", MidiMapping.None, true)]
    [InlineData("0", 0, true)]
    [InlineData("127", 127, true)]
    [InlineData("128", MidiMapping.None, false)]
    [InlineData("-1", MidiMapping.None, false)]
    [InlineData("x", MidiMapping.None, false)]
    public void ControllerNumbers_Parse_0To127OrNone(string text, int expected, bool ok)
    {
        Assert.Equal(ok, MidiMapping.TryParseNumber(text, out var number));
        if (ok)
        {
            Assert.Equal(expected, number);
        }
    }
}
