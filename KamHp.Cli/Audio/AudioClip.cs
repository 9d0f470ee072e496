namespace KamHp.Cli.Audio;

/// <summary>
/// Audio held in memory: planar float samples, nominal full scale ±1, all channels the same length.
/// <see cref="WavFile"/> reads and writes 1 or 2 channels.
/// </summary>
/// <param name="SampleRateHz">Sample rate in Hz, greater than zero.</param>
/// <param name="Channels">One array per channel (planar), all the same length.</param>
public sealed record AudioClip(int SampleRateHz, float[][] Channels)
{
    /// <summary>Number of channels.</summary>
    public int ChannelCount => Channels.Length;

    /// <summary>Samples per channel.</summary>
    public int FrameCount => Channels.Length == 0 ? 0 : Channels[0].Length;

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleRateHz > 0 ? (double)FrameCount / SampleRateHz : 0.0;
}

/// <summary>The shape of an input without its samples (what a summary line needs).</summary>
/// <param name="SampleRateHz">Sample rate in Hz.</param>
/// <param name="ChannelCount">Channels separated.</param>
/// <param name="FrameCount">Samples per channel.</param>
public sealed record AudioShape(int SampleRateHz, int ChannelCount, long FrameCount)
{
    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleRateHz > 0 ? (double)FrameCount / SampleRateHz : 0.0;

    /// <summary>The shape of <paramref name="clip"/>.</summary>
    public static AudioShape Of(AudioClip clip) => new(clip.SampleRateHz, clip.ChannelCount, clip.FrameCount);
}
