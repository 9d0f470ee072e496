namespace KamHp.Dsp.Offline;

/// <summary>
/// A second thread for one separation: <see cref="Run"/> runs one action on it and another on the calling thread and
/// returns when both are done. Used for the two channels' FFTs; no allocation per call (the actions are made once by
/// the caller), unlike <see cref="Parallel.Invoke(Action[])"/>. Mono separations never start it.
/// </summary>
internal sealed class SideThread : IDisposable
{
    private readonly SemaphoreSlim _go = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private Thread? _thread;
    private Action? _work;
    private Exception? _error;
    private bool _stopping;

    /// <summary>Runs <paramref name="side"/> on the side thread and <paramref name="main"/> here; rethrows the side's exception.</summary>
    public void Run(Action side, Action main)
    {
        if (_thread is null)
        {
            _thread = new Thread(Loop) { IsBackground = true, Name = "kamhp offline FFT" };
            _thread.Start();
        }

        _work = side;
        _go.Release();
        try
        {
            main();
        }
        finally
        {
            _done.Wait();
        }

        if (_error is { } error)
        {
            _error = null;
            throw new AggregateException(error);
        }
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
                _work!();
            }
            catch (Exception e)
            {
                _error = e;
            }

            _done.Release();
        }
    }
}
