namespace KamHp.Vst3.Interop;

/// <summary>
/// 16-byte VST3 ids in memory. Linux and macOS store the four 32-bit words big-endian (the bytes read like the hex
/// string); Windows uses the COM GUID layout, which is <see cref="Guid"/>'s own.
/// </summary>
internal static unsafe class Tuid
{
    private static readonly bool s_bigEndian = !OperatingSystem.IsWindows();

    public static Guid Read(byte* source) =>
        source == null ? Guid.Empty : new Guid(new ReadOnlySpan<byte>(source, 16), s_bigEndian);

    public static void Write(Guid id, byte* destination) =>
        id.TryWriteBytes(new Span<byte>(destination, 16), s_bigEndian, out _);
}
