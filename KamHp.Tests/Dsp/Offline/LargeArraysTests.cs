using KamHp.Dsp.Offline;

namespace KamHp.Tests.Dsp.Offline;

/// <summary>The separator's excerpt-sized arrays (huge pages advised on Linux) behave as plain arrays.</summary>
public sealed class LargeArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(1 << 20)]            // 4 MiB: below two huge pages, a plain array
    [InlineData((3 << 20) + 777)]   // 12 MiB: pinned, huge pages advised for its aligned interior
    public void Allocate_GivesAZeroedArrayOfTheLength_ThatKeepsWhatIsWritten(int length)
    {
        float[] array = LargeArrays.Allocate(length);

        Assert.Equal(length, array.Length);
        Assert.True(array.All(v => BitConverter.SingleToInt32Bits(v) == 0));
        for (int i = 0; i < length; i += 997)
        {
            array[i] = i;
        }

        for (int i = 0; i < length; i += 997)
        {
            Assert.Equal(i, array[i]);
        }
    }
}
