namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// The audio thread's read-only picture for the editor: a single-producer single-consumer ring of analysis columns
/// (meters, band levels of the input and the harmonic share of each band). The producer (audio thread) never waits:
/// when the ring is full the column is dropped and counted. Slots are allocated once; indices are published with
/// volatile writes, so a slot is read only after it was completely written and written only after it was read.
/// At most one consumer is attached at a time (<see cref="TryAttachConsumer"/>); a second editor gets no live data.
/// </summary>
public sealed class EditorFeed
{
    /// <summary>Columns the ring holds (about 0.7 s at the tap's column rate).</summary>
    public const int Capacity = 32;

    private readonly MeterReading[] _meters = new MeterReading[Capacity];
    private readonly float[] _levelsDb;
    private readonly float[] _harmonicShare;
    private long _written;
    private long _read;
    private long _dropped;
    private int _consumerAttached;
    private double _sampleRateHz;

    /// <summary>Creates a feed with <paramref name="bandCount"/> bands per column.</summary>
    public EditorFeed(int bandCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bandCount, 1);
        BandCount = bandCount;
        _levelsDb = new float[Capacity * bandCount];
        _harmonicShare = new float[Capacity * bandCount];
    }

    /// <summary>Bands per column.</summary>
    public int BandCount { get; }

    /// <summary>Sample rate of the producer in Hz (0 before the processor was activated).</summary>
    public double SampleRateHz
    {
        get => Volatile.Read(ref _sampleRateHz);
        set => Volatile.Write(ref _sampleRateHz, value);
    }

    /// <summary>True while an editor reads the feed; the producer skips its analysis otherwise.</summary>
    public bool HasConsumer => Volatile.Read(ref _consumerAttached) != 0;

    /// <summary>Columns dropped because the consumer did not keep up.</summary>
    public long DroppedColumns => Interlocked.Read(ref _dropped);

    /// <summary>Claims the consumer side; false if another consumer holds it. Stale columns are skipped.</summary>
    public bool TryAttachConsumer()
    {
        if (Interlocked.CompareExchange(ref _consumerAttached, 1, 0) != 0)
        {
            return false;
        }

        Volatile.Write(ref _read, Volatile.Read(ref _written));
        return true;
    }

    /// <summary>Releases the consumer side.</summary>
    public void DetachConsumer() => Volatile.Write(ref _consumerAttached, 0);

    /// <summary>
    /// Producer (audio thread): appends one column. Never blocks and never allocates; returns false (and counts a drop)
    /// when the ring is full. <paramref name="levelsDb"/> and <paramref name="harmonicShare"/> hold <see cref="BandCount"/> values.
    /// </summary>
    public bool TryPublish(in MeterReading meters, ReadOnlySpan<float> levelsDb, ReadOnlySpan<float> harmonicShare)
    {
        var written = _written;
        if (written - Volatile.Read(ref _read) >= Capacity)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        var slot = (int)(written % Capacity);
        _meters[slot] = meters;
        levelsDb[..BandCount].CopyTo(_levelsDb.AsSpan(slot * BandCount, BandCount));
        harmonicShare[..BandCount].CopyTo(_harmonicShare.AsSpan(slot * BandCount, BandCount));
        Volatile.Write(ref _written, written + 1);
        return true;
    }

    /// <summary>Consumer (UI thread): takes the oldest column; false when none is waiting.</summary>
    public bool TryRead(out MeterReading meters, Span<float> levelsDb, Span<float> harmonicShare)
    {
        var read = _read;
        if (read == Volatile.Read(ref _written))
        {
            meters = default;
            return false;
        }

        var slot = (int)(read % Capacity);
        meters = _meters[slot];
        _levelsDb.AsSpan(slot * BandCount, BandCount).CopyTo(levelsDb);
        _harmonicShare.AsSpan(slot * BandCount, BandCount).CopyTo(harmonicShare);
        Volatile.Write(ref _read, read + 1);
        return true;
    }
}
