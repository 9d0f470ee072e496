using AudioPlugSharp.KamHp.Processing;
using KamHp.Dsp;

namespace KamHp.Tests.Plugin;

/// <summary>Runs a processor over planar stereo signals in host blocks and collects every output bus.</summary>
internal sealed class StereoRender
{
    public StereoRender(int length)
    {
        MainLeft = new float[length];
        MainRight = new float[length];
        HarmonicLeft = new float[length];
        HarmonicRight = new float[length];
        PercussiveLeft = new float[length];
        PercussiveRight = new float[length];
    }

    public float[] MainLeft { get; }

    public float[] MainRight { get; }

    public float[] HarmonicLeft { get; }

    public float[] HarmonicRight { get; }

    public float[] PercussiveLeft { get; }

    public float[] PercussiveRight { get; }

    /// <summary>
    /// Processes [start, start + count) of the input as one host block. <paramref name="changes"/> offsets are relative
    /// to the block.
    /// </summary>
    public void Block(KamHpProcessor processor, float[] left, float[] right, int start, int count,
                      IParameterQueueReader? changes = null, bool withStems = true)
    {
        processor.Process(
            new AudioBuffer(left.AsSpan(start, count), right.AsSpan(start, count)),
            new AudioBuffer(MainLeft.AsSpan(start, count), MainRight.AsSpan(start, count)),
            withStems ? new AudioBuffer(HarmonicLeft.AsSpan(start, count), HarmonicRight.AsSpan(start, count)) : default,
            withStems ? new AudioBuffer(PercussiveLeft.AsSpan(start, count), PercussiveRight.AsSpan(start, count)) : default,
            count,
            changes);
    }

    /// <summary>Processes the whole input in blocks of <paramref name="blockSize"/> without parameter changes.</summary>
    public static StereoRender Run(KamHpProcessor processor, float[] left, float[] right, int blockSize)
    {
        var render = new StereoRender(left.Length);
        for (var start = 0; start < left.Length; start += blockSize)
        {
            render.Block(processor, left, right, start, Math.Min(blockSize, left.Length - start));
        }

        return render;
    }
}
