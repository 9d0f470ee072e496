namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IParameterChanges (ivstparameterchanges.h), one block's changes; valid during process only.</summary>
[Vst3Interface("A4779663-0BB6-4A56-B443-84A8466FEB9D")]
internal unsafe interface IParameterChanges : IUnknown
{
    int GetParameterCount();

    /// <summary>Returns an IParamValueQueue pointer or 0.</summary>
    nint GetParameterData(int index);

    /// <summary>The id is passed by pointer (const ParamID&amp;); returns an IParamValueQueue pointer or 0.</summary>
    nint AddParameterData(uint* id, int* index);
}
