namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// Display ballistics of the three meters, in dBFS: RMS follows each reading; the peak jumps up at once and falls at
/// <see cref="PeakFallDbPerSecond"/>. Driven by elapsed time, so a test can run it deterministically.
/// </summary>
public sealed class MeterState
{
    /// <summary>Bottom of the meter scale, dBFS.</summary>
    public const float FloorDb = -60f;

    /// <summary>How fast a held peak falls.</summary>
    public const float PeakFallDbPerSecond = 24f;

    private readonly float[] _peakDb = [FloorDb, FloorDb, FloorDb];
    private readonly float[] _rmsDb = [FloorDb, FloorDb, FloorDb];

    /// <summary>Peak of meter <paramref name="meter"/> (0 input, 1 harmonic, 2 percussive), dBFS.</summary>
    public float PeakDb(int meter) => _peakDb[meter];

    /// <summary>RMS of meter <paramref name="meter"/>, dBFS.</summary>
    public float RmsDb(int meter) => _rmsDb[meter];

    /// <summary>Lets the peaks fall for <paramref name="elapsedSeconds"/> without new readings.</summary>
    public void Decay(float elapsedSeconds)
    {
        for (var m = 0; m < 3; m++)
        {
            _peakDb[m] = Math.Max(FloorDb, _peakDb[m] - (PeakFallDbPerSecond * Math.Max(0f, elapsedSeconds)));
        }
    }

    /// <summary>Takes one reading.</summary>
    public void Update(in MeterReading reading)
    {
        Take(0, reading.InputPeak, reading.InputRms);
        Take(1, reading.HarmonicPeak, reading.HarmonicRms);
        Take(2, reading.PercussivePeak, reading.PercussiveRms);
    }

    private void Take(int meter, float peak, float rms)
    {
        _peakDb[meter] = Math.Max(_peakDb[meter], ToDb(peak));
        _rmsDb[meter] = ToDb(rms);
    }

    private static float ToDb(float amplitude) =>
        amplitude > 0f && float.IsFinite(amplitude) ? Math.Clamp(20f * MathF.Log10(amplitude), FloorDb, 6f) : FloorDb;
}
