namespace KamHp.Tests.Dsp.Filters;

/// <summary>Seeded values for the sliding-median tests: ties, zeros, subnormals, infinities and ordinary values.</summary>
internal static class MedianTestValues
{
    private static readonly float[] Special =
    [
        0f, 0f, 1f, 1f, 2f, 0.5f, -3f, float.Epsilon, 1e-40f, -1e-40f, float.MaxValue, float.MinValue,
        float.PositiveInfinity, float.NegativeInfinity,
    ];

    /// <summary>A value: half the time one of a few special ones (so ties are common), -0 too when <paramref name="negativeZero"/>.</summary>
    public static float Next(Random random, bool negativeZero)
    {
        int pick = random.Next(2 * Special.Length);
        if (pick < Special.Length)
        {
            return negativeZero && pick == 1 ? -0f : Special[pick];
        }

        return (random.NextSingle() - 0.25f) * 100f;
    }

    /// <summary><paramref name="count"/> values from <see cref="Next"/>.</summary>
    public static float[] Row(Random random, int count, bool negativeZero)
    {
        var row = new float[count];
        for (int i = 0; i < count; i++)
        {
            row[i] = Next(random, negativeZero);
        }

        return row;
    }

    /// <summary>Odd kernel sizes 1..63 (every size the filters allow).</summary>
    public static TheoryData<int> OddSizes()
    {
        var data = new TheoryData<int>();
        for (int k = 1; k <= 63; k += 2)
        {
            data.Add(k);
        }

        return data;
    }

    /// <summary>The bits of <paramref name="values"/>, so that -0 and +0 (and any NaN payload) differ in an assertion.</summary>
    public static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }
}
