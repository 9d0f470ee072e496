namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IConnectionPoint (ivstmessage.h): implemented by both plug-in objects, called on the peer.</summary>
[Vst3Interface("70A4156F-6E6E-4026-9891-48BFAA60D8D1", Implemented = true)]
internal interface IConnectionPoint : IUnknown
{
    int Connect(nint other);

    int Disconnect(nint other);

    int Notify(nint message);
}
