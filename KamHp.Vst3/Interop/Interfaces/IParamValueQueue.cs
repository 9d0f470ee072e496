namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IParamValueQueue (ivstparameterchanges.h).</summary>
[Vst3Interface("01263A18-ED07-4F6F-98C9-D3564686F9BA")]
internal unsafe interface IParamValueQueue : IUnknown
{
    uint GetParameterId();

    int GetPointCount();

    int GetPoint(int index, int* sampleOffset, double* value);

    int AddPoint(int sampleOffset, double value, int* index);
}
