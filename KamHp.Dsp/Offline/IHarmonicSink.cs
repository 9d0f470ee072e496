namespace KamHp.Dsp.Offline;

/// <summary>
/// Receives the harmonic estimate of an offline separation in pieces as it is synthesised, so that no output of the
/// length of the excerpt need be held (<see cref="KamOfflineSeparator.Separate(IReadOnlyList{float[]}, IReadOnlyList{int}, IHarmonicSink, IProgress{double}?)"/>).
/// The percussive estimate is the input minus the harmonic one, sample for sample.
/// </summary>
public interface IHarmonicSink
{
    /// <summary>
    /// Samples [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of iteration
    /// <paramref name="iteration"/>'s harmonic estimate, channel c in <paramref name="harmonic"/>[c][0..count). For each
    /// iteration the pieces arrive in order, adjoining, and cover the whole signal. The arrays are reused after the call.
    /// Calls come on the thread that called Separate; an exception thrown here ends the separation and reaches that caller.
    /// </summary>
    void Accept(int iteration, int start, int count, float[][] harmonic);
}
