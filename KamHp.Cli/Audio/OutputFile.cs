namespace KamHp.Cli.Audio;

/// <summary>One file to write: where, what, and how it is encoded.</summary>
/// <param name="Path">Destination; its folder must exist.</param>
/// <param name="Clip">1 or 2 channels.</param>
/// <param name="Container">WAV or FLAC.</param>
/// <param name="Encoding">WAV sample encoding; for FLAC only its bit depth counts (PCM 16 or 24; float is written as 24-bit).</param>
internal sealed record OutputFile(string Path, AudioClip Clip, AudioContainer Container, WavEncoding Encoding)
{
    /// <summary>Bits per sample of a FLAC output: 16 for <see cref="WavEncoding.Pcm16"/>, else 24 (FLAC holds no float).</summary>
    public int FlacBits => Encoding == WavEncoding.Pcm16 ? 16 : 24;
}
