using System.Runtime.InteropServices;
using KamHp.Cli.Audio;

namespace KamHp.Cli;

/// <summary>
/// Turns SIGINT (Ctrl-C) and SIGTERM into a cancellation the command observes between steps, so an interrupted run
/// deletes its temporaries and exits with <see cref="ExitCodes.Interrupted"/>, leaving no file behind.
/// </summary>
/// <remarks>
/// The work checks <see cref="Token"/> at every progress step and between written blocks. Should a step run long
/// after the signal, a watchdog deletes the registered temporaries itself and ends the process after
/// <see cref="GraceSeconds"/>, so a second Ctrl-C is never needed.
/// </remarks>
internal sealed class Interruption : IDisposable
{
    /// <summary>Seconds the work has to stop by itself after a signal.</summary>
    public const double GraceSeconds = 3.0;

    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    private Interruption()
    {
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Starts listening for SIGINT and SIGTERM until disposed.</summary>
    public static Interruption Listen()
    {
        var interruption = new Interruption();
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                interruption._registrations.Add(PosixSignalRegistration.Create(signal, interruption.OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGTERM has no meaning on Windows; Ctrl-C (SIGINT) still works.
            }
        }

        return interruption;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (_source.IsCancellationRequested)
        {
            return;
        }

        _source.Cancel();
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(GraceSeconds)).ConfigureAwait(false);
            TemporaryFiles.DeleteAll();
            Environment.Exit(ExitCodes.Interrupted);
        });
    }
}
