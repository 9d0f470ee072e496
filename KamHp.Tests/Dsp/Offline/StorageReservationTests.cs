using KamHp.Dsp.Offline;

namespace KamHp.Tests.Dsp.Offline;

/// <summary>
/// <see cref="KamOfflineSeparator.Reserve"/>: the arrays it prepares must be exactly those the separation then takes
/// (a wrong prediction wastes up to 256 MB silently), and using them must not change a single output sample.
/// </summary>
public sealed class StorageReservationTests
{
    public static TheoryData<int, int, bool, int> Shapes() => new()
    {
        { 2, 2, true, 6 },     // spectrum (2 channels x re/im) and one set of kept powers (s_H, s_P)
        { 2, 3, true, 8 },     // two sets of kept powers from 3 iterations on
        { 2, 1, true, 4 },     // one iteration keeps no powers
        { 2, 2, false, 0 },    // without the spatial model nothing excerpt-sized is kept
        { 1, 2, true, 0 },     // nor for mono
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Separation_TakesExactlyTheReservedArrays_AndGivesTheSameSamples(int channels, int iterations, bool spatial, int arrays)
    {
        const int length = (44100 * 13) + 4321;   // 13 s: each kept array spans several huge pages
        var settings = new KamSettings { Iterations = iterations, SpatialModel = spatial };
        float[][] mix = [.. Enumerable.Range(0, channels).Select(c => Noise(length, seed: 70 + c))];

        SeparatedSignals plain = new KamOfflineSeparator(settings).Separate(mix).Final;
        var separator = new KamOfflineSeparator(settings);
        separator.Reserve(channels, length);
        Assert.Equal(OperatingSystem.IsLinux() ? arrays : 0, separator.ReservedArrayCount);
        SeparatedSignals reserved = separator.Separate(mix).Final;

        Assert.Equal(0, separator.UnclaimedReservedArrays);
        Assert.Equal(0, separator.ReservedArrayCount);
        for (int c = 0; c < channels; c++)
        {
            Assert.Equal(plain.Harmonic[c], reserved.Harmonic[c]);
            Assert.Equal(plain.Percussive[c], reserved.Percussive[c]);
        }
    }

    [Fact]
    public void ReservedArrays_AreZeroed_AndKeepWhatIsWritten_WhileTheyArePopulated()
    {
        const int length = (5 << 20) + 1234;    // 20 MiB
        ArrayReservation reservation = LargeArrays.Reserve([length, length]);
        float[] first = LargeArrays.Allocate(length, reservation);
        float[] second = LargeArrays.Allocate(length, reservation);
        Assert.NotSame(first, second);
        Assert.Equal(0, reservation.Count);
        foreach (float[] array in new[] { first, second })
        {
            Assert.Equal(length, array.Length);
            for (int i = array.Length - 1; i >= 0; i -= 509)   // from the end, where the populating thread starts
            {
                Assert.Equal(0, BitConverter.SingleToInt32Bits(array[i]));
                array[i] = i;
            }
        }

        Thread.Sleep(50);   // the background thread has had time to pass every page
        foreach (float[] array in new[] { first, second })
        {
            for (int i = array.Length - 1; i >= 0; i -= 509)
            {
                Assert.Equal(i, array[i]);
            }
        }
    }

    [Fact]
    public void ASeparationOfAnotherShape_LeavesTheReservationUnclaimed_AndStillGivesTheSameSamples()
    {
        var settings = new KamSettings();
        float[][] mix = [Noise(44100 * 13, seed: 80), Noise(44100 * 13, seed: 81)];
        SeparatedSignals plain = new KamOfflineSeparator(settings).Separate(mix).Final;
        var separator = new KamOfflineSeparator(settings);
        separator.Reserve(2, 44100 * 20);

        SeparatedSignals other = separator.Separate(mix).Final;

        Assert.Equal(OperatingSystem.IsLinux() ? 6 : 0, separator.UnclaimedReservedArrays);
        Assert.Equal(plain.Harmonic[1], other.Harmonic[1]);
    }

    private static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        var signal = new float[length];
        for (int i = 0; i < length; i++)
        {
            signal[i] = (random.NextSingle() - 0.5f) * (1 + MathF.Sin(i * 0.0007f));
        }

        return signal;
    }
}
