using System.Text;

namespace KamHp.Cli.Live;

/// <summary>
/// The interactive view: the terminal's alternate screen redrawn ten times a second from a <see cref="LiveStatus"/>,
/// and the keys (arrows move the balance, c centres it, b toggles bypass, q or Esc quits). Ctrl+C stays a signal, so
/// it ends the program the same way as SIGTERM. The terminal is restored on the way out.
/// </summary>
internal static class LiveTerminal
{
    private const string EnterScreen = "\e[?1049h\e[?25l";
    private const string LeaveScreen = "\e[?25h\e[?1049l";
    private static readonly TimeSpan s_frame = TimeSpan.FromMilliseconds(100);

    public static void Run(LiveClient client, LiveProcessor live, CancellationToken stop)
    {
        var console = Console.Out;
        console.Write(EnterScreen);
        try
        {
            var nextDraw = DateTime.MinValue;
            var quit = false;
            while (!quit && !stop.IsCancellationRequested && !client.IsShutDown)
            {
                while (!quit && Console.KeyAvailable)
                {
                    quit = HandleKey(Console.ReadKey(intercept: true), live);
                    nextDraw = DateTime.MinValue;   // show the change at once
                }

                if (DateTime.UtcNow >= nextDraw)
                {
                    Draw(console, LiveView.Screen(LiveStatus.Capture(client, live)));
                    nextDraw = DateTime.UtcNow + s_frame;
                }

                stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20));
            }
        }
        finally
        {
            console.Write(LeaveScreen);
            console.Flush();
        }
    }

    /// <summary>Applies one key; true to quit.</summary>
    public static bool HandleKey(ConsoleKeyInfo key, LiveProcessor live)
    {
        switch (key.Key)
        {
            case ConsoleKey.LeftArrow:
                LiveRunner.NudgeBalance(live, -LiveRunner.CoarseStepPercent);
                break;
            case ConsoleKey.RightArrow:
                LiveRunner.NudgeBalance(live, LiveRunner.CoarseStepPercent);
                break;
            case ConsoleKey.DownArrow:
                LiveRunner.NudgeBalance(live, -LiveRunner.FineStepPercent);
                break;
            case ConsoleKey.UpArrow:
                LiveRunner.NudgeBalance(live, LiveRunner.FineStepPercent);
                break;
            case ConsoleKey.C or ConsoleKey.Home or ConsoleKey.D0:
                LiveRunner.CentreBalance(live);
                break;
            case ConsoleKey.B:
                LiveRunner.ToggleBypass(live);
                break;
            case ConsoleKey.Q or ConsoleKey.Escape:
                return true;
        }

        return false;
    }

    private static void Draw(TextWriter console, IReadOnlyList<string> lines)
    {
        // Lines longer than the terminal would wrap and scroll the view; an unknown width (0) cuts nothing.
        var width = SafeWidth();
        var frame = new StringBuilder("\e[H");
        foreach (var line in lines)
        {
            frame.Append(width > 0 && line.Length > width ? line[..width] : line).Append("\e[K\n");
        }

        frame.Append("\e[J");
        console.Write(frame.ToString());
        console.Flush();
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
