using KamHp.Dsp;

namespace KamHp.Tests.Dsp;

public sealed class AudioBufferTests
{
    [Fact]
    public void AudioBuffer_SlicesEveryChannel_AndKeepsAnOmittedChannelEmpty()
    {
        float[] left = [1, 2, 3, 4, 5];
        var buffer = new AudioBuffer(left, default);
        Assert.Equal(2, buffer.ChannelCount);
        Assert.Equal(5, buffer.FrameCount);
        AudioBuffer slice = buffer.Slice(1, 3);
        Assert.Equal([2f, 3f, 4f], slice[0].ToArray());
        Assert.True(slice.ChannelOrEmpty(1).IsEmpty);
        Assert.True(slice.CoversOrOmits(2, 3));
        Assert.False(slice.Covers(2, 3));
        Assert.True(slice.Covers(1, 3));
        Assert.True(default(AudioBuffer).IsEmpty);
        Assert.True(default(AudioBuffer).CoversOrOmits(2, 64));
    }

    [Fact]
    public void AudioBuffer_RefusesChannelsOfDifferentLengths_AndMissingChannels()
    {
        Assert.Throws<ArgumentException>(() => new AudioBuffer(new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => new AudioBuffer([new float[4], new float[4], new float[4]], 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioBuffer(new float[4])[1].Length);
        var stereo = new AudioBuffer([new float[8], new float[8]], 2, 4);
        Assert.Equal(4, stereo.FrameCount);
        stereo[1].Fill(1f);
        stereo.Clear();
        Assert.Equal(0f, stereo[1][3]);
    }
}
