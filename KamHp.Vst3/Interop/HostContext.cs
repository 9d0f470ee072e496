namespace KamHp.Vst3.Interop;

/// <summary>
/// The host context an <c>IPluginBase</c> (processor or controller) is initialised with: initialize takes a reference
/// once, terminate and <see cref="Release"/> give it back. Shared by both plug-in objects, as <see cref="PeerConnection"/>.
/// </summary>
internal struct HostContext
{
    /// <summary>The host's context pointer (IHostApplication), or 0 when the host gave none.</summary>
    public nint Pointer { get; private set; }

    /// <summary>True between a successful initialize and terminate.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>IPluginBase::initialize: a second call without terminate is refused (kResultFalse).</summary>
    public int Initialize(nint context)
    {
        if (IsInitialized)
        {
            return TResult.False;
        }

        if (context != 0)
        {
            UnknownAbi.AddRef(context);
            Pointer = context;
        }

        IsInitialized = true;
        return TResult.Ok;
    }

    /// <summary>IPluginBase::terminate: gives back the context; initialize may follow again.</summary>
    public void Terminate()
    {
        Release();
        IsInitialized = false;
    }

    /// <summary>Gives back the reference taken by <see cref="Initialize"/>, if any.</summary>
    public void Release()
    {
        if (Pointer != 0)
        {
            UnknownAbi.Release(Pointer);
            Pointer = 0;
        }
    }
}
