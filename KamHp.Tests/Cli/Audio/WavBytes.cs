using System.Buffers.Binary;
using System.Text;

namespace KamHp.Tests.Cli.Audio;

/// <summary>
/// Builds WAV files byte by byte, independently of the code under test, including broken ones.
/// </summary>
internal static class WavBytes
{
    public static byte[] Riff(params byte[][] chunks) => RiffWithId("RIFF", "WAVE", chunks);

    public static byte[] RiffWithId(string riffId, string formType, params byte[][] chunks)
    {
        int body = 4 + chunks.Sum(c => c.Length);
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes(riffId));
        bytes.AddRange(UInt32(body));
        bytes.AddRange(Encoding.ASCII.GetBytes(formType));
        foreach (byte[] chunk in chunks)
        {
            bytes.AddRange(chunk);
        }

        return [.. bytes];
    }

    /// <summary>A chunk with its header; <paramref name="declaredSize"/> overrides the size field; pads odd sizes unless told not to.</summary>
    public static byte[] Chunk(string id, byte[] body, long? declaredSize = null, bool pad = true)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes(id));
        bytes.AddRange(UInt32(declaredSize ?? body.Length));
        bytes.AddRange(body);
        if (pad && body.Length % 2 == 1)
        {
            bytes.Add(0);
        }

        return [.. bytes];
    }

    public static byte[] Fmt(int tag, int channels, int rateHz, int bits, int? blockAlign = null, int? declaredSize = null)
    {
        int align = blockAlign ?? channels * bits / 8;
        var body = new List<byte>();
        body.AddRange(UInt16(tag));
        body.AddRange(UInt16(channels));
        body.AddRange(UInt32(rateHz));
        body.AddRange(UInt32((long)rateHz * align));
        body.AddRange(UInt16(align));
        body.AddRange(UInt16(bits));
        return Chunk("fmt ", [.. body], declaredSize);
    }

    /// <summary>A WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes) with sub-format GUID {tag-0000-0010-8000-00aa00389b71}.</summary>
    public static byte[] FmtExtensible(int subTag, int channels, int rateHz, int bits, int validBits, bool standardGuid = true)
    {
        int align = channels * bits / 8;
        var body = new List<byte>();
        body.AddRange(UInt16(0xFFFE));
        body.AddRange(UInt16(channels));
        body.AddRange(UInt32(rateHz));
        body.AddRange(UInt32((long)rateHz * align));
        body.AddRange(UInt16(align));
        body.AddRange(UInt16(bits));
        body.AddRange(UInt16(22));
        body.AddRange(UInt16(validBits));
        body.AddRange(UInt32(channels == 1 ? 0x4 : 0x3));
        body.AddRange(UInt32(subTag));
        byte[] tail = standardGuid
            ? [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
            : [0x12, 0x34, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        body.AddRange(tail);
        return Chunk("fmt ", [.. body]);
    }

    public static byte[] Data(byte[] samples, long? declaredSize = null) => Chunk("data", samples, declaredSize);

    public static byte[] Int16s(params short[] values) => [.. values.SelectMany(v => UInt16((ushort)v))];

    public static byte[] Int24s(params int[] values) => [.. values.SelectMany(v => new[] { (byte)v, (byte)(v >> 8), (byte)(v >> 16) })];

    public static byte[] Int32s(params int[] values) => [.. values.SelectMany(v => UInt32((uint)v))];

    public static byte[] Singles(params float[] values) => [.. values.SelectMany(v => BitConverter.GetBytes(v))];

    public static byte[] Doubles(params double[] values) => [.. values.SelectMany(v => BitConverter.GetBytes(v))];

    public static byte[] UInt16(int value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        return b;
    }

    public static byte[] UInt32(long value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)value);
        return b;
    }

    /// <summary>A valid 16-bit mono file of <paramref name="frames"/> frames.</summary>
    public static byte[] GoodPcm16(int frames = 4) =>
        Riff(Fmt(1, 1, 44100, 16), Data(Int16s([.. Enumerable.Range(0, frames).Select(i => (short)(i * 100))])));
}
