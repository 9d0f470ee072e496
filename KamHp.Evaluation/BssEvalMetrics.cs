namespace KamHp.Evaluation;

/// <summary>
/// BSS Eval energy ratios of one estimated source, in dB (Vincent, Gribonval, Fevotte 2006; Vincent et al. 2012).
/// </summary>
/// <param name="SdrDb">Source to distortion ratio.</param>
/// <param name="IsrDb">Source image to spatial distortion ratio; NaN for the sources (mono) variant, which has none.</param>
/// <param name="SirDb">Source to interference ratio (leakage of the other references).</param>
/// <param name="SarDb">Source to artifacts ratio.</param>
/// <remarks>
/// A ratio is +Infinity when its error energy is exactly zero and NaN when it is 0/0 (for instance SIR and SAR of a
/// silent estimate). mir_eval refuses silent estimates; here they get these values instead.
/// </remarks>
public readonly record struct BssEvalMetrics(double SdrDb, double IsrDb, double SirDb, double SarDb);
