using System.Diagnostics;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Cli.Live;

/// <summary>
/// Where the <c>--gui</c> window's edits go: the same <see cref="ParameterRequests"/> ring the arrow keys use, so an edit
/// reaches the audio thread as a parameter step at the start of its next period. A JACK client has no host to record
/// gestures, so begin and end carry nothing. A request the full ring dropped is posted again on the next
/// <see cref="Flush"/>, so the last value of a drag is never lost. UI thread.
/// </summary>
internal sealed class LiveEditSink(ParameterRequests requests) : IParameterEditSink
{
    /// <summary>How long after a local edit the window keeps its own value over the processor's (the audio thread may not have applied it yet).</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(250);

    private readonly bool[] _unsent = new bool[ParameterTable.Count];
    private readonly double[] _unsentValue = new double[ParameterTable.Count];
    private readonly long[] _editedAt = new long[ParameterTable.Count];

    public void BeginEdit(ParameterId id) => _editedAt[ParameterTable.IndexOf(id)] = Stopwatch.GetTimestamp();

    public void PerformEdit(ParameterId id, double normalized)
    {
        var index = ParameterTable.IndexOf(id);
        _editedAt[index] = Stopwatch.GetTimestamp();
        _unsentValue[index] = normalized;
        _unsent[index] = !requests.Post(index, normalized);
    }

    public void EndEdit(ParameterId id) => _editedAt[ParameterTable.IndexOf(id)] = Stopwatch.GetTimestamp();

    /// <summary>True while the window's own edit of a parameter may not have reached the processor yet.</summary>
    public bool IsSettling(int parameterIndex) =>
        _unsent[parameterIndex] || (_editedAt[parameterIndex] != 0 && Stopwatch.GetElapsedTime(_editedAt[parameterIndex]) < SettleTime);

    /// <summary>Posts again what the ring dropped.</summary>
    public void Flush()
    {
        for (var i = 0; i < _unsent.Length; i++)
        {
            if (_unsent[i])
            {
                _unsent[i] = !requests.Post(i, _unsentValue[i]);
            }
        }
    }
}
