namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IComponentHandler (ivsteditcontroller.h); UI thread only.</summary>
[Vst3Interface("93A0BEA3-0BD0-45DB-8E89-0B0CC1E46AC6")]
internal interface IComponentHandler : IUnknown
{
    int BeginEdit(uint id);

    int PerformEdit(uint id, double valueNormalized);

    int EndEdit(uint id);

    int RestartComponent(int flags);
}
