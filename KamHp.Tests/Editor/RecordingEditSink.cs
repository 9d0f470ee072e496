using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;

namespace KamHp.Tests.Editor;

/// <summary>Records every edit call, in order, as "begin 100", "perform 100 0.75", "end 100".</summary>
internal sealed class RecordingEditSink : IParameterEditSink
{
    public List<(string Kind, ParameterId Id, double Value)> Calls { get; } = [];

    public void BeginEdit(ParameterId id) => Calls.Add(("begin", id, double.NaN));

    public void PerformEdit(ParameterId id, double normalized) => Calls.Add(("perform", id, normalized));

    public void EndEdit(ParameterId id) => Calls.Add(("end", id, double.NaN));

    public IEnumerable<string> Kinds => Calls.Select(c => c.Kind);

    public double LastPerformed(ParameterId id) => Calls.Last(c => c.Kind == "perform" && c.Id == id).Value;
}
