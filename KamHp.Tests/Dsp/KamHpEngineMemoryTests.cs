using System.Runtime.InteropServices;
using KamHp.Dsp;
using KamHp.Tests.Support;

namespace KamHp.Tests.Dsp;

/// <summary>
/// The engine's memory is resident once <see cref="KamHpEngine.Prepare"/> returns: reaching a configuration for the first
/// time (10 iterations, Studio's longest look-ahead, Instant) must not make the OS map pages on the audio thread, which
/// costs page faults there and grows the resident memory for hours under automation (issue 15).
/// </summary>
public sealed partial class KamHpEngineMemoryTests
{
    private const int Rate = 48000;
    private const int Block = 512;

    // A page fault per 4 kB first touched: without pre-committed buffers these configurations fault about 7,000 times.
    private const long MaxFaults = 256;

    // Each configuration for long enough that every ring it uses wraps (Studio: 10 x 31 frames of look-ahead, 6.6 s).
    private static readonly (EngineSettings Settings, double Seconds)[] s_largest =
    [
        (new() { LatencyMode = LatencyMode.Studio, Iterations = EngineSettings.MaxIterations, HarmonicKernelSeconds = 1.0 }, 7),
        (new() { LatencyMode = LatencyMode.Instant, Iterations = EngineSettings.MaxIterations }, 3),
    ];

    [Fact]
    public void Engine_ReachingItsLargestConfigurations_FaultsNoPagesOnTheAudioThread()
    {
        float[][] input = [TestSignals.Noise(Block, seed: 3), TestSignals.Noise(Block, seed: 4)];
        float[][] output = [new float[Block], new float[Block], new float[Block], new float[Block], new float[Block], new float[Block]];

        // A first engine compiles every code path these configurations take, so that the JIT's own pages are not counted.
        RunLargest(Prepared(), input, output, secondsScale: 0.2);

        KamHpEngine engine = Prepared();
        long before = MinorFaultsOfThisThread();
        RunLargest(engine, input, output, secondsScale: 1);
        long faults = MinorFaultsOfThisThread() - before;

        Assert.True(faults <= MaxFaults, $"{faults} page faults on the audio thread after Prepare (at most {MaxFaults})");
    }

    private static KamHpEngine Prepared()
    {
        var engine = new KamHpEngine();
        engine.Prepare(Rate, Block, 2);
        return engine;
    }

    private static void RunLargest(KamHpEngine engine, float[][] input, float[][] output, double secondsScale)
    {
        foreach ((EngineSettings settings, double seconds) in s_largest)
        {
            engine.Configure(settings);
            for (int b = 0; b < secondsScale * seconds * Rate / Block; b++)
            {
                engine.Process(
                    new AudioBuffer(input[0], input[1]), new AudioBuffer(output[0], output[1]),
                    new AudioBuffer(output[2], output[3]), new AudioBuffer(output[4], output[5]), 1f, 1f);
            }
        }
    }

    private static long MinorFaultsOfThisThread()
    {
        const int RusageThread = 1;
        Assert.Equal(0, GetResourceUsage(RusageThread, out ResourceUsage usage));
        return usage.MinorFaults;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);

    // struct rusage on 64-bit Linux: two timevals, then 14 longs.
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResident, SharedText, UnsharedData, UnsharedStack;
        public long MinorFaults, MajorFaults, Swaps, BlockInputs, BlockOutputs;
        public long MessagesSent, MessagesReceived, Signals, VoluntarySwitches, InvoluntarySwitches;
    }
}
