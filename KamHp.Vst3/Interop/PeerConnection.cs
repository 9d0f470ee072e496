namespace KamHp.Vst3.Interop;

/// <summary>
/// The one peer an <c>IConnectionPoint</c> (processor or controller) is connected to: connect takes a reference,
/// disconnect and <see cref="Release"/> give it back. Shared by both plug-in objects so the rules live in one place.
/// </summary>
internal struct PeerConnection
{
    /// <summary>The connected peer's pointer, or 0.</summary>
    public nint Peer { get; private set; }

    /// <summary>IConnectionPoint::connect: refuses a null peer and a second connection.</summary>
    public int Connect(nint other)
    {
        if (other == 0)
        {
            return TResult.InvalidArgument;
        }

        if (Peer != 0)
        {
            return TResult.False;
        }

        UnknownAbi.AddRef(other);
        Peer = other;
        return TResult.Ok;
    }

    /// <summary>IConnectionPoint::disconnect: only from the connected peer.</summary>
    public int Disconnect(nint other)
    {
        if (other == 0 || other != Peer)
        {
            return TResult.InvalidArgument;
        }

        Release();
        return TResult.Ok;
    }

    /// <summary>Gives back the reference taken by <see cref="Connect"/>, if any.</summary>
    public void Release()
    {
        if (Peer != 0)
        {
            UnknownAbi.Release(Peer);
            Peer = 0;
        }
    }
}
