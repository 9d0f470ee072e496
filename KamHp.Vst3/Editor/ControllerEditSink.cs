using AudioPlugSharp.KamHp.Controller;
using AudioPlugSharp.KamHp.Editor;
using AudioPlugSharp.KamHp.Parameters;
using KamHp.Vst3.Interop;

namespace KamHp.Vst3.Editor;

/// <summary>
/// Edits from the editor: the controller's own value mirror takes the value (so getParamNormalized agrees at once),
/// then the host hears beginEdit / performEdit / endEdit on its IComponentHandler, records automation and forwards the
/// value to the processor. Without a handler (none set yet) only the mirror changes. UI thread.
/// </summary>
internal sealed class ControllerEditSink(ControllerModel model, Func<nint> handler) : IParameterEditSink
{
    public void BeginEdit(ParameterId id)
    {
        if (handler() is var h && h != 0)
        {
            ComponentHandlerAbi.BeginEdit(h, (uint)id);
        }
    }

    public void PerformEdit(ParameterId id, double normalized)
    {
        model.TrySetNormalized((uint)id, normalized, out _);
        if (handler() is var h && h != 0)
        {
            ComponentHandlerAbi.PerformEdit(h, (uint)id, normalized);
        }
    }

    public void EndEdit(ParameterId id)
    {
        if (handler() is var h && h != 0)
        {
            ComponentHandlerAbi.EndEdit(h, (uint)id);
        }
    }
}
