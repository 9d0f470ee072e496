using System.Buffers.Binary;
using AudioPlugSharp.KamHp.Parameters;

namespace AudioPlugSharp.KamHp.State;

/// <summary>
/// The versioned binary state (VST3 component state, presets). Little-endian:
/// <code>
/// offset  size  field
///      0     4  magic "KmHp"
///      4     2  format version (1)
///      6     2  reserved, 0
///      8     4  entry count n (0..1024)
///     12     4  total length in bytes = 16 + 12 n + 4
///     16  12 n  entries: parameter id (uint32), plain value (float64)
/// 16+12n     4  CRC-32 of all bytes before it
/// </code>
/// Values are stored by stable id in plain units, so parameters can be appended and mappings refined without breaking
/// old states: unknown ids are skipped, missing ones take their defaults (or their
/// <see cref="ParameterDefinition.AbsentFromStateValue"/>: the method loads as Paper), values are clamped to the current range.
/// Reading is transactional: a truncated, foreign, damaged or inconsistent blob is refused as a whole.
/// </summary>
public static class PluginStateFormat
{
    /// <summary>Bytes before the entries.</summary>
    public const int HeaderSize = 16;

    /// <summary>Bytes per entry.</summary>
    public const int EntrySize = 12;

    /// <summary>Bytes of the trailing checksum.</summary>
    public const int ChecksumSize = 4;

    /// <summary>Current format version.</summary>
    public const ushort Version = 1;

    /// <summary>Most entries a state may hold (a guard against absurd lengths, far above the table size).</summary>
    public const int MaxEntries = 1024;

    /// <summary>Largest valid state in bytes.</summary>
    public const int MaxLength = HeaderSize + (MaxEntries * EntrySize) + ChecksumSize;

    /// <summary>The four magic bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "KmHp"u8;

    /// <summary>Serializes every non-read-only parameter of <paramref name="state"/>.</summary>
    public static byte[] Serialize(PluginState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var count = 0;
        foreach (var p in ParameterTable.All)
        {
            if (!p.Has(ParameterTraits.ReadOnly))
            {
                count++;
            }
        }

        var length = HeaderSize + (count * EntrySize) + ChecksumSize;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], count);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], length);
        var offset = HeaderSize;
        for (var i = 0; i < ParameterTable.Count; i++)
        {
            var p = ParameterTable.All[i];
            if (p.Has(ParameterTraits.ReadOnly))
            {
                continue;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)p.Id);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(offset + 4)..], p.ToPlain(state[i]));
            offset += EntrySize;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], Crc32.Compute(span[..offset]));
        return bytes;
    }

    /// <summary>
    /// Reads the total length from the first <see cref="HeaderSize"/> bytes, so a stream reader knows how much to read.
    /// </summary>
    public static StateReadStatus TryReadLength(ReadOnlySpan<byte> header, out int totalLength)
    {
        totalLength = 0;
        if (header.IsEmpty)
        {
            return StateReadStatus.Empty;
        }

        if (!header[..Math.Min(header.Length, Magic.Length)].SequenceEqual(Magic[..Math.Min(header.Length, Magic.Length)]))
        {
            return StateReadStatus.ForeignFormat;
        }

        if (header.Length < HeaderSize)
        {
            return StateReadStatus.Truncated;
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version == 0 || version > Version)
        {
            return StateReadStatus.UnsupportedVersion;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (count < 0 || count > MaxEntries || length != HeaderSize + (count * EntrySize) + ChecksumSize)
        {
            return StateReadStatus.Malformed;
        }

        totalLength = length;
        return StateReadStatus.Ok;
    }

    /// <summary>
    /// Parses a state. Bytes after the announced length are ignored (a host stream may hold more). On any status but
    /// <see cref="StateReadStatus.Ok"/>, <paramref name="state"/> is null.
    /// </summary>
    public static StateReadStatus TryDeserialize(ReadOnlySpan<byte> data, out PluginState? state)
    {
        state = null;
        var status = TryReadLength(data, out var length);
        if (status != StateReadStatus.Ok)
        {
            return status;
        }

        if (data.Length < length)
        {
            return StateReadStatus.Truncated;
        }

        var body = data[..(length - ChecksumSize)];
        if (Crc32.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(data[(length - ChecksumSize)..]))
        {
            return StateReadStatus.ChecksumMismatch;
        }

        var values = new double[ParameterTable.Count];
        PluginState.Default.CopyTo(values);
        Span<bool> seen = stackalloc bool[ParameterTable.Count];
        var count = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        for (var e = 0; e < count; e++)
        {
            var entry = body[(HeaderSize + (e * EntrySize))..];
            var id = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var plain = BinaryPrimitives.ReadDoubleLittleEndian(entry[4..]);
            if (!ParameterTable.TryGetIndex(id, out var index))
            {
                continue; // written by a newer KamHp: a parameter this build does not know
            }

            var p = ParameterTable.All[index];
            if (seen[index])
            {
                return StateReadStatus.Malformed;
            }

            seen[index] = true;
            if (p.Has(ParameterTraits.ReadOnly))
            {
                continue;
            }

            var allowed = double.IsFinite(plain) || (p.Scale == ParameterScale.Fader && double.IsNegativeInfinity(plain));
            if (!allowed)
            {
                return StateReadStatus.InvalidValue;
            }

            values[index] = p.ToNormalized(plain);
        }

        for (var i = 0; i < ParameterTable.Count; i++)
        {
            if (!seen[i] && ParameterTable.All[i].AbsentFromStateValue is double absent)
            {
                values[i] = ParameterTable.All[i].ToNormalized(absent);
            }
        }

        state = new PluginState(values);
        return StateReadStatus.Ok;
    }
}
