namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IMessage (ivstmessage.h).</summary>
[Vst3Interface("936F033B-C6C0-47DB-BB08-82F813C1E613")]
internal unsafe interface IMessage : IUnknown
{
    byte* GetMessageID();

    void SetMessageID(byte* id);

    /// <summary>Returns an IAttributeList pointer (no reference added) or 0.</summary>
    nint GetAttributes();
}
