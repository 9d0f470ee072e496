namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IAttributeList (ivstattributes.h). Keys are NUL-terminated ASCII; string sizes are in bytes.</summary>
[Vst3Interface("1E5F0AEB-CC7F-4533-A254-401138AD5EE4")]
internal unsafe interface IAttributeList : IUnknown
{
    int SetInt(byte* id, long value);

    int GetInt(byte* id, long* value);

    int SetFloat(byte* id, double value);

    int GetFloat(byte* id, double* value);

    int SetString(byte* id, char* text);

    int GetString(byte* id, char* text, uint sizeInBytes);

    int SetBinary(byte* id, void* data, uint sizeInBytes);

    int GetBinary(byte* id, void** data, uint* sizeInBytes);
}
