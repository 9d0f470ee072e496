using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KamHp.Dsp.Spatial;

/// <summary>
/// Unchecked loads and stores of four bins as one <see cref="Vector256{T}"/> of doubles, for the spatial kernels
/// (<see cref="SpatialKernels"/>, the streaming stage kernels). Callers check their span lengths once per call.
/// </summary>
internal static class DoubleLanes
{
    /// <summary>Four floats from <paramref name="index"/>, widened to doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Widen(ReadOnlySpan<float> source, int index) =>
        Vector256.WidenLower(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index).ToVector256Unsafe());

    /// <summary>Four doubles from <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ReadOnlySpan<double> source, int index) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index);

    /// <summary>Stores four doubles at <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, Span<double> destination, int index) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);

    /// <summary>Stores four doubles, rounded to float, at <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrow(Vector256<double> value, Span<float> destination, int index) =>
        StoreNarrow(value, ref MemoryMarshal.GetReference(destination), (nuint)index);

    /// <summary>Four floats from <paramref name="index"/> after <paramref name="source"/>, widened to doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Widen(ref float source, nuint index) =>
        Vector256.WidenLower(Vector128.LoadUnsafe(ref source, index).ToVector256Unsafe());

    /// <summary>
    /// Stores four doubles, rounded to float, at <paramref name="index"/> after <paramref name="destination"/>: one
    /// conversion where AVX has it (Narrow of a 256-bit vector converts both halves and then combines them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrow(Vector256<double> value, ref float destination, nuint index)
    {
        Vector128<float> narrow = Avx.IsSupported ? Avx.ConvertToVector128Single(value) : Vector256.Narrow(value, value).GetLower();
        narrow.StoreUnsafe(ref destination, index);
    }
}
