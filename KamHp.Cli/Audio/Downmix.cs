using System.Globalization;
using System.Numerics.Tensors;

namespace KamHp.Cli.Audio;

/// <summary>What <c>kamhp separate --downmix</c> makes of an input with more channels than wanted.</summary>
internal enum DownmixTarget
{
    /// <summary>Inputs of 3 or more channels become stereo; mono and stereo stay as they are.</summary>
    Stereo,

    /// <summary>Inputs of 2 or more channels become mono; mono stays.</summary>
    Mono,
}

/// <summary>
/// Plain averages of channels (<c>--downmix</c>): mono is the mean of every channel; stereo has the mean of channels
/// 1, 3, 5, ... on the left and of channels 2, 4, 6, ... on the right (the file's own order, which for quad and 5.1
/// puts front and rear left on odd positions). Not a surround (ITU) downmix: a centre channel counts on one side only.
/// </summary>
internal static class Downmix
{
    /// <summary>Most channels read when mixing down (WAVE_FORMAT_EXTENSIBLE names 18 positions; 64 leaves room).</summary>
    public const int MaxInputChannels = 64;

    /// <summary>Parses <c>stereo</c> or <c>mono</c>; null otherwise.</summary>
    public static DownmixTarget? Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "stereo" => DownmixTarget.Stereo,
        "mono" => DownmixTarget.Mono,
        _ => null,
    };

    /// <summary>The one-line refusal of an input with <paramref name="channels"/> channels when at most <paramref name="maxChannels"/> are read.</summary>
    public static string TooManyChannels(int channels, int maxChannels) => maxChannels <= 2
        ? string.Create(CultureInfo.InvariantCulture, $"{channels} channels; only mono and stereo are supported")
        : string.Create(CultureInfo.InvariantCulture, $"{channels} channels; at most {maxChannels} can be mixed down");

    /// <summary>
    /// The clip mixed down to <paramref name="target"/>, or the clip itself when it has no more channels than that.
    /// </summary>
    public static AudioClip Apply(AudioClip clip, DownmixTarget target)
    {
        int wanted = target == DownmixTarget.Mono ? 1 : 2;
        if (clip.ChannelCount <= wanted)
        {
            return clip;
        }

        var mixed = new float[wanted][];
        for (int side = 0; side < wanted; side++)
        {
            mixed[side] = new float[clip.FrameCount];
        }

        Apply(clip.Channels, clip.FrameCount, mixed);
        return clip with { Channels = mixed };
    }

    /// <summary>
    /// Mixes frames [0, <paramref name="frames"/>) of <paramref name="source"/> down to the channels of
    /// <paramref name="destination"/> (1 or 2, fewer than the source's); a block of a streamed input gives the same
    /// samples as the whole clip.
    /// </summary>
    public static void Apply(float[][] source, int frames, float[][] destination)
    {
        int wanted = destination.Length;
        for (int side = 0; side < wanted; side++)
        {
            Span<float> mixed = destination[side].AsSpan(0, frames);
            mixed.Clear();
            int count = 0;
            for (int c = side; c < source.Length; c += wanted)
            {
                TensorPrimitives.Add(mixed, source[c].AsSpan(0, frames), mixed);
                count++;
            }

            TensorPrimitives.Multiply(mixed, 1f / count, mixed);
        }
    }
}
