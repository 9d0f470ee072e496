namespace KamHp.Dsp.Offline;

/// <summary>
/// One or two threads running the same loop in lock step, each on its own share of the bins (worker 0 is the calling
/// thread): <see cref="Run"/> starts the loop on both, <see cref="Sync"/> is the barrier between its phases. Both
/// workers take the same branches (every decision is a function of the frame index), so they meet at every barrier.
/// </summary>
/// <remarks>
/// The barrier spins for up to <see cref="DefaultSpinMicroseconds"/>, then blocks until the other worker arrives: a block of
/// the separation is tens to hundreds of microseconds, so on a free core the wait is short and spinning beats waking a
/// blocked thread; on a busy machine the other worker may have lost its core for a whole time slice, and spinning or
/// yielding then only takes CPU from it (measured: with two busy loops beside it, yielding made a separation 3x slower
/// than on one thread). If a worker throws (the progress callback stops the work, for one), the barrier is broken, the
/// other worker leaves at its next <see cref="Sync"/>, and <see cref="Run"/> rethrows the first exception. The second
/// thread waits blocked between runs and is started on first use. No allocation per call.
/// </remarks>
internal sealed class LockstepWorkers : IDisposable
{
    private readonly SemaphoreSlim _go = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private Thread? _thread;
    private Action<int>? _body;
    private Exception? _sideError;
    private bool _stopping;
    private readonly object _gate = new();
    private int _arrived;
    private int _phase;
    private int _sleepers;
    private volatile bool _broken;

    /// <summary>How long a worker spins at the barrier before it blocks by default, in microseconds.</summary>
    public const int DefaultSpinMicroseconds = 50;

    /// <summary>Prepares <paramref name="count"/> workers (1 or 2).</summary>
    public LockstepWorkers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 2);
        Count = count;
    }

    /// <summary>Workers, 1 or 2.</summary>
    public int Count { get; }

    /// <summary>How long a worker spins at the barrier before it blocks, in microseconds, 0 or more (tests set 0: always block).</summary>
    public int SpinMicroseconds { get; init; } = DefaultSpinMicroseconds;

    /// <summary>The default: two workers where the machine has two processors or more.</summary>
    public static int DefaultCount => Environment.ProcessorCount >= 2 ? 2 : 1;

    /// <summary>Runs <paramref name="body"/>(worker) on every worker and returns when all are done; rethrows the first exception as thrown.</summary>
    public void Run(Action<int> body)
    {
        if (Count == 1)
        {
            body(0);
            return;
        }

        if (_thread is null)
        {
            _thread = new Thread(Loop) { IsBackground = true, Name = "kamhp offline worker" };
            _thread.Start();
        }

        _broken = false;
        _arrived = 0;
        _sideError = null;
        _body = body;
        _go.Release();
        Exception? mainError = null;
        try
        {
            body(0);
        }
        catch (Exception e)
        {
            mainError = e;
            Break();
        }

        _done.Wait();

        // The side's own failure first (as it was thrown, so callers can catch an IOException from a sink): the main
        // worker then only saw the broken barrier.
        if (_sideError is { } side)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(side);
        }

        if (mainError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(mainError);
        }
    }

    /// <summary>Waits until every worker has reached this point; nothing with one worker.</summary>
    /// <exception cref="OperationCanceledException">The other worker failed.</exception>
    public void Sync()
    {
        if (Count == 1)
        {
            return;
        }

        int phase = Volatile.Read(ref _phase);
        if (Interlocked.Increment(ref _arrived) == Count)
        {
            _arrived = 0;
            Interlocked.Exchange(ref _phase, phase + 1);   // a full fence: the sleeper count below is read after it
            if (Volatile.Read(ref _sleepers) != 0)
            {
                WakeAll();
            }

            return;
        }

        long spinUntil = System.Diagnostics.Stopwatch.GetTimestamp() + (SpinMicroseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000);
        while (Volatile.Read(ref _phase) == phase)
        {
            if (_broken)
            {
                throw new OperationCanceledException("The other worker stopped.");
            }

            if (System.Diagnostics.Stopwatch.GetTimestamp() > spinUntil)
            {
                Sleep(phase);
                break;
            }

            Thread.SpinWait(8);
        }
    }

    /// <summary>Blocks until the phase moves on or the barrier breaks.</summary>
    private void Sleep(int phase)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _sleepers);   // a full fence: the phase below is read after it
            try
            {
                while (Volatile.Read(ref _phase) == phase && !_broken)
                {
                    Monitor.Wait(_gate);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _sleepers);
            }
        }

        if (_broken && Volatile.Read(ref _phase) == phase)
        {
            throw new OperationCanceledException("The other worker stopped.");
        }
    }

    private void WakeAll()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void Break()
    {
        _broken = true;
        WakeAll();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_thread is not null)
        {
            _stopping = true;
            _go.Release();
            _thread.Join();
            _thread = null;
        }

        _go.Dispose();
        _done.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _go.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _body!(1);
            }
            catch (OperationCanceledException) when (_broken)
            {
                // The main worker failed first; its exception is the one to report.
            }
            catch (Exception e)
            {
                _sideError = e;
                Break();
            }

            _done.Release();
        }
    }
}
