using System.CommandLine;
using System.Runtime.InteropServices;
using KamHp.Cli.Live;

namespace KamHp.Cli.Commands;

/// <summary>
/// <c>kamhp live</c>: the real-time engine as a standalone JACK client (JACK2 or PipeWire's JACK), for DJs: audio in,
/// mix / harmonic / percussive out, a MIDI controller on the balance. Runs until SIGINT/SIGTERM (exit 0) or until the
/// server goes away. Exit codes: 0 stopped by a signal or the q key, 1 bad command line, 5 JACK missing, not running or
/// shut down (<see cref="ExitCodes.AudioServer"/>); with <c>--gui</c>, 1 also when the X display cannot be opened, and
/// closing the window stops like q.
/// </summary>
/// <remarks>
/// <c>--gui</c> shows issue 13's editor view in a top-level window (<see cref="LiveGui"/>); its edits reach the audio
/// thread through the same <see cref="ParameterRequests"/> as the terminal view's keys.
/// </remarks>
internal static class LiveCommand
{
    public static Command Create()
    {
        var options = new LiveOptions();
        var command = new Command("live", "Run as a JACK client: ports in_L/in_R, out_L/out_R (mix), harmonic_L/R, percussive_L/R, midi_in. A MIDI controller (CC 1 by default) or the arrow keys move the balance.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var console = CliConsole.From(parseResult);
            var errors = new List<string>();
            var settings = options.Read(parseResult, errors);
            if (settings is null)
            {
                foreach (var message in errors)
                {
                    console.Error.WriteLine("kamhp live: " + message);
                }

                return ExitCodes.Usage;
            }

            using var stop = new CancellationTokenSource();
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;   // no abrupt exit: deactivate and close the client first
                stop.Cancel();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            var onTerminal = ReferenceEquals(console.Output, Console.Out) && !Console.IsOutputRedirected && !Console.IsInputRedirected;
            return LiveRunner.Run(settings, console.Output, console.Error, onTerminal, stop.Token);
        });
        return command;
    }
}
