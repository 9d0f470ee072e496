using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KamHp.Dsp.Offline;

namespace KamHp.Tests.Dsp.Offline;

/// <summary>The separator's excerpt-sized arrays (huge-page aligned and advised on Linux) behave as plain arrays.</summary>
public sealed class LargeArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(1 << 20)]            // 4 MiB: below two huge pages, a plain array
    [InlineData((3 << 20) + 777)]   // 12 MiB: pinned, from a 2 MiB boundary, huge pages advised over all of it
    public void Allocate_GivesAZeroedRunOfTheLength_ThatKeepsWhatIsWritten(int length)
    {
        AlignedFloats block = LargeArrays.Allocate(length);
        Span<float> values = block.Span;

        Assert.Equal(length, block.Length);
        Assert.Equal(length, values.Length);
        Assert.True(values.ToArray().All(v => BitConverter.SingleToInt32Bits(v) == 0));
        for (int i = 0; i < length; i += 997)
        {
            values[i] = i;
        }

        for (int i = 0; i < length; i += 997)
        {
            Assert.Equal(i, block.Slice(i, 1)[0]);
        }
    }

    [Fact]
    public void ALargeRun_StartsAtAHugePageBoundary_OnLinux()
    {
        AlignedFloats block = LargeArrays.Allocate((3 << 20) + 777);
        long address;
        unsafe
        {
            address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(block.Span));
        }

        Assert.Equal(0, OperatingSystem.IsLinux() ? address % (2 << 20) : 0);
    }
}
