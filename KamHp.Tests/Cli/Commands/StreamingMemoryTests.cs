using KamHp.Cli.Audio;

namespace KamHp.Tests.Cli.Commands;

/// <summary>
/// Issue 14, item 5: <c>kamhp separate --streaming</c> reads its input a block at a time, so the managed memory it
/// allocates does not grow with the input's length.
/// </summary>
public sealed class StreamingMemoryTests : IDisposable
{
    private const int Rate = 22050;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void StreamingSeparate_AllocatesTheSame_ForA20sAndAn80sInput()
    {
        long shortBytes = AllocatedSeparating(seconds: 20);
        long longBytes = AllocatedSeparating(seconds: 80);

        // 60 s more of mono float input alone is 5.3 MB; reading the whole file would add at least that.
        Assert.True(longBytes - shortBytes < 512 * 1024, $"20 s: {shortBytes} bytes, 80 s: {longBytes} bytes allocated");
    }

    private long AllocatedSeparating(int seconds)
    {
        var random = new Random(seconds);
        float[] samples = [.. Enumerable.Range(0, seconds * Rate).Select(i => WavFile.QuantizeToPcm((float)((0.3 * Math.Sin(i * 0.05)) + (0.1 * random.NextDouble())), 16))];
        string input = _folder.File($"in{seconds}.wav");
        WavFile.Write(input, new AudioClip(Rate, [samples]), WavEncoding.Pcm16);
        string output = Directory.CreateDirectory(_folder.File($"out{seconds}")).FullName;
        samples = [];

        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRun run = CliRunner.Run("separate", input, "--streaming", "-o", output, "--quiet");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, run.ExitCode);
        return allocated;
    }
}
