using System.Buffers.Binary;
using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;

namespace KamHp.Tests.Plugin;

public sealed class PluginStateFormatTests
{
    // The default state's bytes pin the binary format (version 1). Changing them breaks every saved project.
    private const string DefaultStateHex =
        "4B6D4870" + "0100" + "0000" + "0C000000" + "A4000000" // magic, version 1, reserved, 12 entries, 164 bytes
        + "64000000" + "0000000000000000" // 100 Balance 0 %
        + "65000000" + "0000000000000000" // 101 Harmonic level 0 dB
        + "66000000" + "0000000000000000" // 102 Percussive level 0 dB
        + "67000000" + "0000000000000000" // 103 Output Mix
        + "C8000000" + "0000000000000040" // 200 Iterations 2
        + "C9000000" + "0000000000000040" // 201 Latency mode 2 (Studio)
        + "CA000000" + "000000000000F03F" // 202 Spatial model 1 (On)
        + "CB000000" + "0000000000B07840" // 203 Harmonic kernel 395 ms
        + "CC000000" + "0000000000E06640" // 204 Percussive kernel 183 Hz
        + "CD000000" + "000000000000F03F" // 205 Mask sharpness 1
        + "84030000" + "0000000000000000" // 900 Bypass 0
        + "CE000000" + "000000000000F03F"; // 206 Method 1 (HiRes), appended by issue 11

    [Fact]
    public void DefaultState_SerializesToThePinnedBytes()
    {
        var bytes = PluginStateFormat.Serialize(PluginState.Default);
        var crc = Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4));
        Assert.Equal(DefaultStateHex + ToHexLittleEndian(crc), Convert.ToHexString(bytes));
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void RandomStates_RoundTrip()
    {
        var random = new Random(1234);
        for (var trial = 0; trial < 200; trial++)
        {
            var values = new double[ParameterTable.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextDouble();
            }

            var state = new PluginState(values);
            Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(PluginStateFormat.Serialize(state), out var read));
            for (var i = 0; i < values.Length; i++)
            {
                var p = ParameterTable.All[i];
                if (p.Has(ParameterTraits.ReadOnly))
                {
                    Assert.Equal(p.DefaultNormalized, read![i]);
                }
                else
                {
                    // Stored as plain values; the plain -> normalized mapping (log, cube root) costs a few ulps.
                    Assert.Equal(p.ToNormalized(p.ToPlain(state[i])), read![i], 12);
                }
            }
        }
    }

    [Fact]
    public void EveryTruncation_IsRefused()
    {
        var bytes = PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.Balance, 40));
        for (var length = 0; length < bytes.Length; length++)
        {
            var status = PluginStateFormat.TryDeserialize(bytes.AsSpan(0, length), out var state);
            Assert.Null(state);
            Assert.Equal(length == 0 ? StateReadStatus.Empty : StateReadStatus.Truncated, status);
        }
    }

    [Fact]
    public void EverySingleBitFlip_IsRefused()
    {
        var bytes = PluginStateFormat.Serialize(PluginState.Default);
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(damaged, out var state));
            Assert.Null(state);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x56, 0x53, 0x54, 0x33, 1, 0, 0, 0 })] // "VST3" preset header
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x4B })] // one byte that is not the magic's first... 'K' is; see below
    public void ForeignBytes_AreRefused(byte[] data)
    {
        var status = PluginStateFormat.TryDeserialize(data, out var state);
        Assert.Null(state);
        Assert.Contains(status, new[] { StateReadStatus.ForeignFormat, StateReadStatus.Truncated });
        if (data[0] != (byte)'K')
        {
            Assert.Equal(StateReadStatus.ForeignFormat, status);
        }
    }

    [Fact]
    public void RandomBlobs_AreRefused()
    {
        var random = new Random(99);
        for (var trial = 0; trial < 1000; trial++)
        {
            var data = new byte[random.Next(1, 400)];
            random.NextBytes(data);
            Assert.NotEqual(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(data, out _));
        }
    }

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)2)]
    [InlineData((ushort)0xFFFF)]
    public void UnknownFormatVersions_AreRefused(ushort version)
    {
        var bytes = PluginStateFormat.Serialize(PluginState.Default);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), version);
        Reseal(bytes);
        Assert.Equal(StateReadStatus.UnsupportedVersion, PluginStateFormat.TryDeserialize(bytes, out _));
    }

    [Fact]
    public void InconsistentLengthOrCount_IsMalformed()
    {
        var bytes = PluginStateFormat.Serialize(PluginState.Default);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 10);
        Reseal(bytes);
        Assert.Equal(StateReadStatus.Malformed, PluginStateFormat.TryDeserialize(bytes, out _));

        var huge = new byte[16];
        "KmHp"u8.CopyTo(huge);
        huge[4] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(huge.AsSpan(8), 1_000_000);
        BinaryPrimitives.WriteInt32LittleEndian(huge.AsSpan(12), 16 + (12 * 1_000_000) + 4);
        Assert.Equal(StateReadStatus.Malformed, PluginStateFormat.TryDeserialize(huge, out _));
    }

    [Fact]
    public void DuplicateParameter_IsMalformed()
    {
        var bytes = Build((100, 10.0), (100, 20.0));
        Assert.Equal(StateReadStatus.Malformed, PluginStateFormat.TryDeserialize(bytes, out _));
    }

    [Theory]
    [InlineData(100u, double.NaN)]
    [InlineData(100u, double.PositiveInfinity)]
    [InlineData(100u, double.NegativeInfinity)]
    [InlineData(101u, double.PositiveInfinity)]
    [InlineData(200u, double.NaN)]
    public void NonFiniteValues_AreRefused(uint id, double value)
    {
        Assert.Equal(StateReadStatus.InvalidValue, PluginStateFormat.TryDeserialize(Build((id, value)), out _));
    }

    [Fact]
    public void MinusInfinityDb_IsAValidLevel()
    {
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(Build((101, double.NegativeInfinity)), out var state));
        Assert.Equal(0.0, state!.Get(ParameterId.HarmonicLevel));
    }

    [Fact]
    public void OlderStates_FillMissingParametersWithDefaults_SkipUnknownIds_AndClampRanges()
    {
        // A state with only two known parameters, one unknown id (from a newer build) and one value beyond the range.
        var bytes = Build((200, 5.0), (777_777, 3.0), (204, 5000.0));
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(bytes, out var state));
        Assert.Equal(5.0, state!.GetPlain(ParameterId.Iterations));
        Assert.Equal(500.0, state.GetPlain(ParameterId.PercussiveKernel), 9);
        Assert.Equal(PluginState.Default.Get(ParameterId.Balance), state.Get(ParameterId.Balance));
        Assert.Equal(PluginState.Default.Get(ParameterId.Bypass), state.Get(ParameterId.Bypass));
    }

    [Fact]
    public void TrailingBytesAfterTheState_AreIgnored()
    {
        var bytes = PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.Iterations, 4));
        var padded = bytes.Concat(new byte[] { 1, 2, 3, 4, 5 }).ToArray();
        Assert.Equal(StateReadStatus.Ok, PluginStateFormat.TryDeserialize(padded, out var state));
        Assert.Equal(4.0, state!.GetPlain(ParameterId.Iterations));
    }

    [Fact]
    public void Processor_RefusingAState_KeepsThePreviousStateByteIdentical()
    {
        var processor = new KamHpProcessor();
        Assert.Equal(StateReadStatus.Ok,
            processor.LoadState(PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.Balance, -30).WithPlain(ParameterId.Bypass, 1))));
        var before = processor.SaveState();
        var good = PluginStateFormat.Serialize(PluginState.Default.WithPlain(ParameterId.Balance, 75));
        var refused = new[]
        {
            Array.Empty<byte>(),
            good[..^1],
            good[..20],
            "VST3 is not us"u8.ToArray(),
            Flip(good, 30),
            Build((100, double.NaN)),
        };
        foreach (var data in refused)
        {
            Assert.NotEqual(StateReadStatus.Ok, processor.LoadState(data));
            Assert.Equal(before, processor.SaveState());
        }

        Assert.Equal(StateReadStatus.Ok, processor.LoadState(good));
        Assert.NotEqual(before, processor.SaveState());
        Assert.Equal(75.0, ParameterTable.Get(ParameterId.Balance).ToPlain(processor.GetNormalized(ParameterId.Balance)), 9);
    }

    private static byte[] Flip(byte[] data, int index)
    {
        var copy = (byte[])data.Clone();
        copy[index] ^= 0x10;
        return copy;
    }

    /// <summary>A well-formed, correctly checksummed blob with arbitrary entries.</summary>
    private static byte[] Build(params (uint Id, double Value)[] entries)
    {
        var length = 16 + (12 * entries.Length) + 4;
        var bytes = new byte[length];
        "KmHp"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), entries.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), length);
        for (var i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16 + (12 * i)), entries[i].Id);
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(20 + (12 * i)), entries[i].Value);
        }

        Reseal(bytes);
        return bytes;
    }

    private static void Reseal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)));

    private static string ToHexLittleEndian(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return Convert.ToHexString(b);
    }
}
