namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::Vst::IEditController (ivsteditcontroller.h).</summary>
[Vst3Interface("DCD7BBE3-7742-448D-A874-AACC979C759E", Implemented = true)]
internal unsafe interface IEditController : IPluginBase
{
    [OnException("TResult.False")]
    int SetComponentState(nint stream);

    int SetState(nint stream);

    int GetState(nint stream);

    /// <summary>Returns a count, not a tresult.</summary>
    [OnException("0")]
    int GetParameterCount();

    int GetParameterInfo(int paramIndex, ParameterInfo* info);

    int GetParamStringByValue(uint id, double valueNormalized, char* text);

    int GetParamValueByString(uint id, char* text, double* valueNormalized);

    [OnException("valueNormalized")]
    double NormalizedParamToPlain(uint id, double valueNormalized);

    double PlainParamToNormalized(uint id, double plainValue);

    double GetParamNormalized(uint id);

    int SetParamNormalized(uint id, double value);

    int SetComponentHandler(nint handler);

    /// <summary>Returns an IPlugView pointer (with one reference) or 0.</summary>
    nint CreateView(byte* name);
}
