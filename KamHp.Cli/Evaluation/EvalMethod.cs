namespace KamHp.Cli.Evaluation;

/// <summary>Which separator is scored.</summary>
internal enum EvalMethod
{
    /// <summary>KamHp's paper method: Algorithm 1 of FitzGerald et al. 2014 (KAM), offline or in the streaming engine.</summary>
    Paper,

    /// <summary>KamHp's default method: the paper's kernels on 186 ms frames (<see cref="KamHp.Dsp.Separation.Methods.SeparationMethod.HiRes"/>).</summary>
    HiRes,

    /// <summary>A research method: two-resolution cascade (<see cref="KamHp.Evaluation.Research.CascadeSeparator"/>).</summary>
    Cascade,

    /// <summary>NWaves 0.9.6 <c>HarmonicPercussiveSeparator</c> (FitzGerald 2010 median filtering), per channel.</summary>
    NWaves,

    /// <summary>No separation: the mixture itself as the estimate of both stems (the usual lower anchor).</summary>
    Mixture,
}

/// <summary>Names of <see cref="EvalMethod"/> on the command line and in the JSON report.</summary>
internal static class EvalMethods
{
    /// <summary>The method's name: <c>paper</c> (written <c>kam</c> in reports, as before), <c>cascade</c>, <c>nwaves</c>, <c>mix</c>.</summary>
    public static string Name(EvalMethod method) => method switch
    {
        EvalMethod.Cascade => "cascade",
        EvalMethod.HiRes => "hires",
        EvalMethod.NWaves => "nwaves",
        EvalMethod.Mixture => "mix",
        _ => "kam",
    };

    /// <summary>Parses a name; <c>kam</c> and <c>paper</c> are the same method. Null when unknown.</summary>
    public static EvalMethod? Parse(string name) => name switch
    {
        "paper" or "kam" => EvalMethod.Paper,
        "cascade" => EvalMethod.Cascade,
        "hires" => EvalMethod.HiRes,
        "nwaves" => EvalMethod.NWaves,
        "mix" => EvalMethod.Mixture,
        _ => null,
    };

    /// <summary>The methods that run KamHp's own separators (and so take the separation options).</summary>
    public static bool IsKamHp(EvalMethod method) => method is EvalMethod.Paper or EvalMethod.HiRes or EvalMethod.Cascade;
}
