using AudioPlugSharp.KamHp.State;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>Reads exactly one KamHp state from a host IBStream (header first, then the announced length).</summary>
internal static class StateStream
{
    public static StateReadStatus Read(nint stream, out byte[]? data)
    {
        data = null;
        Span<byte> header = stackalloc byte[PluginStateFormat.HeaderSize];
        var got = Host.ReadFully(stream, header);
        var status = PluginStateFormat.TryReadLength(header[..got], out var length);
        if (status != StateReadStatus.Ok)
        {
            return status;
        }

        var bytes = new byte[length];
        header.CopyTo(bytes);
        if (Host.ReadFully(stream, bytes.AsSpan(PluginStateFormat.HeaderSize)) < length - PluginStateFormat.HeaderSize)
        {
            return StateReadStatus.Truncated;
        }

        data = bytes;
        return StateReadStatus.Ok;
    }
}
