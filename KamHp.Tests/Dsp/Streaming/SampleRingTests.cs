using KamHp.Dsp.Streaming;

namespace KamHp.Tests.Dsp.Streaming;

public sealed class SampleRingTests
{
    [Fact]
    public void SampleRing_ReadsBackWhatWasWritten_AcrossTheWrap_AndFlushesTinySamples()
    {
        var ring = new SampleRing(100);
        Assert.Equal(128, ring.Length);
        float[] data = Enumerable.Range(1, 50).Select(i => (float)i).ToArray();
        data[3] = 1e-20f;
        ring.Write(data, 1000, 1e-15f);   // slots 1000 % 128 = 104 .. 153 % 128: wraps
        var back = new float[50];
        ring.Read(1000, back);
        float[] expected = (float[])data.Clone();
        expected[3] = 0f;
        Assert.Equal(expected, back);
        Assert.Equal(50f, ring[1049]);
        Assert.Throws<ArgumentException>(() => ring.Write(new float[129], 0, 0f));
    }
}
