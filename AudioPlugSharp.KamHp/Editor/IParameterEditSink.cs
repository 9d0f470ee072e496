using AudioPlugSharp.KamHp.Parameters;

namespace AudioPlugSharp.KamHp.Editor;

/// <summary>
/// Where the editor's edits go: the host's parameter edit protocol (VST3 IComponentHandler beginEdit / performEdit /
/// endEdit), so the host records automation and forwards the value to the processor. UI thread.
/// </summary>
public interface IParameterEditSink
{
    /// <summary>A gesture on <paramref name="id"/> starts.</summary>
    void BeginEdit(ParameterId id);

    /// <summary>The parameter takes <paramref name="normalized"/> (0..1) within the current gesture.</summary>
    void PerformEdit(ParameterId id, double normalized);

    /// <summary>The gesture on <paramref name="id"/> ends.</summary>
    void EndEdit(ParameterId id);
}
