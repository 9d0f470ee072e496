using AudioPlugSharp.KamHp.Editor;

namespace KamHp.Vst3.Editor;

/// <summary>What a <see cref="PlugView"/> needs from its edit controller.</summary>
internal interface IEditorOwner
{
    /// <summary>Where edits go (the host's IComponentHandler, and the controller's own value mirror).</summary>
    IParameterEditSink EditSink { get; }

    /// <summary>The processor's feed when it lives in this process and has said so, else null.</summary>
    EditorFeed? EditorFeed { get; }

    /// <summary>Normalized values of every parameter in table order.</summary>
    double[] CurrentValues();

    /// <summary>The view's last reference is gone: stop telling it about host changes.</summary>
    void ViewClosed(PlugView view);
}
