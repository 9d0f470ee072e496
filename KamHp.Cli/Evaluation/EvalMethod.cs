namespace KamHp.Cli.Evaluation;

/// <summary>Which separator is scored.</summary>
internal enum EvalMethod
{
    /// <summary>KamHp (Kernel Additive Modelling, FitzGerald et al. 2014).</summary>
    Kam,

    /// <summary>NWaves 0.9.6 <c>HarmonicPercussiveSeparator</c> (FitzGerald 2010 median filtering), per channel.</summary>
    NWaves,

    /// <summary>No separation: the mixture itself as the estimate of both stems (the usual lower anchor).</summary>
    Mixture,
}
