namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IProcessContextRequirements (ivstaudioprocessor.h); mandatory for sdkVersion 3.7 and later.</summary>
[Vst3Interface("2A654303-EF76-4E3D-95B5-FE83730EF6D0", Implemented = true)]
internal interface IProcessContextRequirements : IUnknown
{
    uint GetProcessContextRequirements();
}
