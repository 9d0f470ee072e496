using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Audio;

/// <summary>
/// Mapping the pages of the arrays a whole-file read fills (<see cref="PagePrefault"/>) never changes a sample, also
/// while the decoder writes them from the other end at the same time.
/// </summary>
public sealed class PagePrefaultTests
{
    [Fact]
    public void Prefault_LeavesEverySampleAsWritten_WhileTheArraysAreFilled()
    {
        const int Frames = 3_000_017;   // 12 MB per channel: many chunks, ends off the page grid
        float[][] arrays = [GC.AllocateUninitializedArray<float>(Frames), GC.AllocateUninitializedArray<float>(Frames)];
        arrays[0][^1] = 7f;
        arrays[1][^1] = -7f;

        using (PagePrefault.Start(arrays))
        {
            for (int i = 0; i < Frames - 1; i++)
            {
                arrays[0][i] = i;
                arrays[1][i] = -i;
            }
        }

        for (int i = 0; i < Frames - 1; i++)
        {
            Assert.Equal(i, arrays[0][i]);
            Assert.Equal(-i, arrays[1][i]);
        }

        Assert.Equal(7f, arrays[0][^1]);
        Assert.Equal(-7f, arrays[1][^1]);
    }

    [Fact]
    public void WholeFileRead_OfALongFile_IsTheBlockReadersSamples()
    {
        // Over 1 MiB of samples: the read that maps pages on a second thread gives the block reader's samples.
        var random = new Random(9);
        var samples = new byte[400_000 * 2 * 3];
        random.NextBytes(samples);
        byte[] file = WavBytes.Riff(WavBytes.Fmt(1, 2, 44100, 24), WavBytes.Data(samples));

        float[][] whole = WavFile.Read(new MemoryStream(file), "x.wav", notes: null).Channels;
        using var reader = WavFile.OpenBlocks(new MemoryStream(file), "x.wav");
        float[][] blocks = [new float[400_000], new float[400_000]];
        Assert.Equal(400_000, reader.Read(blocks, 400_000));

        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(blocks[c].Select(BitConverter.SingleToInt32Bits), whole[c].Select(BitConverter.SingleToInt32Bits));
        }
    }
}
