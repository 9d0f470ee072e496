using System.Diagnostics.CodeAnalysis;

namespace KamHp.Cli.Audio;

/// <summary>Sample encodings <see cref="WavFile.Write"/> produces.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Float32/Float64 name the sample format, as agreed in the interface contract.")]
public enum WavEncoding
{
    /// <summary>16-bit signed integer PCM (format tag 1).</summary>
    Pcm16,

    /// <summary>24-bit signed integer PCM (format tag 1).</summary>
    Pcm24,

    /// <summary>32-bit signed integer PCM (format tag 1).</summary>
    Pcm32,

    /// <summary>32-bit IEEE float (format tag 3).</summary>
    Float32,

    /// <summary>64-bit IEEE float (format tag 3).</summary>
    Float64,
}
