using AudioPlugSharp.KamHp.Parameters;

namespace AudioPlugSharp.KamHp.Processing;

/// <summary>
/// Reads one block's host parameter queues into a <see cref="ParameterStore"/> (audio thread, no allocation).
/// Continuous parameters follow the host's piecewise-linear curve: the processor splits the block at every point
/// (<see cref="NextPointOffset"/>) and samples the curve at each split (<see cref="InterpolateTo"/>). Structural
/// parameters take only the last point of the block (one snapshot per block); their earlier points are still read,
/// as hosts and Steinberg's validator expect every point to be consumed. Offsets are clamped into the block and to
/// non-decreasing order, values into 0..1; NaN points, unknown ids and read-only parameters are skipped.
/// </summary>
internal sealed class AutomationReader
{
    private readonly Cursor[] _cursors = new Cursor[ParameterTable.Count];
    private int _cursorCount;

    /// <summary>Starts reading a block's queues (null: no changes).</summary>
    public void Begin(IParameterQueueReader? changes, int sampleCount, ParameterStore store)
    {
        _cursorCount = 0;
        if (changes is null)
        {
            return;
        }

        var lastOffset = Math.Max(0, sampleCount - 1);
        var queues = changes.QueueCount;
        for (var q = 0; q < queues && _cursorCount < _cursors.Length; q++)
        {
            if (!ParameterTable.TryGetIndex(changes.GetParameterId(q), out var index))
            {
                continue;
            }

            var definition = ParameterTable.All[index];
            var points = changes.GetPointCount(q);
            if (points <= 0 || definition.Has(ParameterTraits.ReadOnly))
            {
                continue;
            }

            var first = definition.Has(ParameterTraits.Structural) ? points - 1 : 0;
            for (var k = 0; k < first; k++)
            {
                changes.TryGetPoint(q, k, out _, out _);
            }

            ref var cursor = ref _cursors[_cursorCount];
            cursor = new Cursor
            {
                Reader = changes,
                Queue = q,
                ParameterIndex = index,
                NextPoint = first,
                PointCount = points,
                Interpolate = definition.Scale != ParameterScale.Stepped,
                Structural = definition.Has(ParameterTraits.Structural),
                LastOffset = lastOffset,
                PreviousOffset = -1,
                PreviousValue = store[index],
            };
            if (cursor.LoadNext())
            {
                _cursorCount++;
            }
        }
    }

    /// <summary>Forgets the block's queues (the host's object must not be kept past the block).</summary>
    public void End()
    {
        for (var i = 0; i < _cursorCount; i++)
        {
            _cursors[i].Reader = null!;
        }

        _cursorCount = 0;
    }

    /// <summary>Offset of the next point still to apply, or <see cref="int.MaxValue"/> when none is left.</summary>
    public int NextPointOffset()
    {
        var next = int.MaxValue;
        for (var i = 0; i < _cursorCount; i++)
        {
            ref var cursor = ref _cursors[i];
            if (cursor.HasNext && cursor.NextOffset < next)
            {
                next = cursor.NextOffset;
            }
        }

        return next;
    }

    /// <summary>Moves every continuous parameter along its ramp to the block offset <paramref name="offset"/>.</summary>
    public void InterpolateTo(int offset, ParameterStore store)
    {
        store.BeginWrite();
        for (var i = 0; i < _cursorCount; i++)
        {
            ref var cursor = ref _cursors[i];
            if (cursor.HasNext && cursor.Interpolate && cursor.NextOffset > offset)
            {
                var t = (double)(offset - cursor.PreviousOffset) / (cursor.NextOffset - cursor.PreviousOffset);
                store.Write(cursor.ParameterIndex, cursor.PreviousValue + ((cursor.NextValue - cursor.PreviousValue) * t));
            }
        }

        store.EndWrite();
    }

    /// <summary>Applies every point at <paramref name="offset"/>. Returns true when a structural value was written.</summary>
    public bool ApplyPointsAt(int offset, ParameterStore store)
    {
        var structural = false;
        store.BeginWrite();
        for (var i = 0; i < _cursorCount; i++)
        {
            ref var cursor = ref _cursors[i];
            while (cursor.HasNext && cursor.NextOffset == offset)
            {
                store.Write(cursor.ParameterIndex, cursor.NextValue);
                cursor.PreviousOffset = offset;
                cursor.PreviousValue = cursor.NextValue;
                structural |= cursor.Structural;
                cursor.NextPoint++;
                cursor.LoadNext();
            }
        }

        store.EndWrite();
        return structural;
    }

    /// <summary>Reading position in one host queue.</summary>
    private struct Cursor
    {
        public IParameterQueueReader Reader;
        public int Queue;
        public int ParameterIndex;
        public int NextPoint;
        public int PointCount;
        public bool Interpolate;
        public bool Structural;
        public int LastOffset;
        public int PreviousOffset;
        public double PreviousValue;
        public int NextOffset;
        public double NextValue;

        public readonly bool HasNext => NextPoint < PointCount;

        /// <summary>Reads the point at <see cref="NextPoint"/>, clamping its offset into the block and to non-decreasing order.</summary>
        public bool LoadNext()
        {
            while (NextPoint < PointCount)
            {
                if (Reader.TryGetPoint(Queue, NextPoint, out var offset, out var value) && !double.IsNaN(value))
                {
                    NextOffset = Math.Clamp(offset, Math.Max(0, PreviousOffset), LastOffset);
                    NextValue = Math.Clamp(value, 0.0, 1.0);
                    return true;
                }

                NextPoint++;
            }

            return false;
        }
    }
}
