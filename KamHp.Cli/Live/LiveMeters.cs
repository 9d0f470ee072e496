namespace KamHp.Cli.Live;

/// <summary>
/// Peak meters of the input, harmonic, percussive and mix signals. The audio thread raises the peaks each period; the
/// display takes them (and resets them) a few times a second. Each peak is one float exchanged atomically, so neither
/// side waits; a period's peak that lands between the display's read and reset is lost, which a meter can afford.
/// </summary>
internal sealed class LiveMeters
{
    private float _input;
    private float _harmonic;
    private float _percussive;
    private float _mix;

    /// <summary>Audio thread: raises the peaks with this period's signals (both channels of each).</summary>
    public void Record(ReadOnlySpan<float> inputLeft, ReadOnlySpan<float> inputRight, ReadOnlySpan<float> harmonicLeft,
        ReadOnlySpan<float> harmonicRight, ReadOnlySpan<float> percussiveLeft, ReadOnlySpan<float> percussiveRight,
        ReadOnlySpan<float> mixLeft, ReadOnlySpan<float> mixRight)
    {
        Raise(ref _input, Math.Max(Peak(inputLeft), Peak(inputRight)));
        Raise(ref _harmonic, Math.Max(Peak(harmonicLeft), Peak(harmonicRight)));
        Raise(ref _percussive, Math.Max(Peak(percussiveLeft), Peak(percussiveRight)));
        Raise(ref _mix, Math.Max(Peak(mixLeft), Peak(mixRight)));
    }

    /// <summary>Display thread: the peaks since the last call (linear, 0..), then reset.</summary>
    public MeterReading Take() => new(
        Interlocked.Exchange(ref _input, 0f),
        Interlocked.Exchange(ref _harmonic, 0f),
        Interlocked.Exchange(ref _percussive, 0f),
        Interlocked.Exchange(ref _mix, 0f));

    private static void Raise(ref float peak, float value)
    {
        if (value > Volatile.Read(ref peak))
        {
            Volatile.Write(ref peak, value);
        }
    }

    private static float Peak(ReadOnlySpan<float> signal)
    {
        var peak = 0f;
        foreach (var x in signal)
        {
            // NaN compares false and is skipped: a meter must not stick at NaN.
            var magnitude = MathF.Abs(x);
            if (magnitude > peak)
            {
                peak = magnitude;
            }
        }

        return peak;
    }
}

/// <summary>Peak amplitudes (linear) of one display interval.</summary>
internal readonly record struct MeterReading(float Input, float Harmonic, float Percussive, float Mix);
