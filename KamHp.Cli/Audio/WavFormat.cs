namespace KamHp.Cli.Audio;

/// <summary>What a WAV file's header says, after validation: enough to decode its samples.</summary>
/// <param name="FormatTag">1 (PCM) or 3 (IEEE float); for WAVE_FORMAT_EXTENSIBLE the sub-format's tag.</param>
/// <param name="IsExtensible">True when the file's format tag was WAVE_FORMAT_EXTENSIBLE (0xFFFE).</param>
/// <param name="ChannelCount">1 or 2.</param>
/// <param name="SampleRateHz">Greater than zero.</param>
/// <param name="BitsPerSample">Container bits per sample: PCM 8/16/24/32, float 32/64.</param>
/// <param name="DataOffset">Byte offset of the first sample in the file.</param>
/// <param name="DataByteCount">Bytes of sample data, a whole number of frames.</param>
internal readonly record struct WavFormat(
    int FormatTag,
    bool IsExtensible,
    int ChannelCount,
    int SampleRateHz,
    int BitsPerSample,
    long DataOffset,
    long DataByteCount)
{
    public const int PcmTag = 1;
    public const int FloatTag = 3;
    public const int ExtensibleTag = 0xFFFE;

    public int BlockAlign => ChannelCount * BitsPerSample / 8;

    public long FrameCount => DataByteCount / BlockAlign;

    /// <summary>The matching <see cref="WavEncoding"/>, or null for 8-bit PCM (read, never written).</summary>
    public WavEncoding? Encoding => (FormatTag, BitsPerSample) switch
    {
        (PcmTag, 16) => WavEncoding.Pcm16,
        (PcmTag, 24) => WavEncoding.Pcm24,
        (PcmTag, 32) => WavEncoding.Pcm32,
        (FloatTag, 32) => WavEncoding.Float32,
        (FloatTag, 64) => WavEncoding.Float64,
        _ => null,
    };
}
