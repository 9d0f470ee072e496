using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KamHp.Dsp.Filters;

/// <summary>
/// The one update behind both sliding medians (<see cref="SortedLaneWindow"/> along frames, <see cref="SegmentedRunningMedian"/>
/// along bins): in a group of eight lanes whose sorted windows are K consecutive 8-float rows, remove one value per lane
/// and merge one in, branch-free.
/// </summary>
/// <remarks>
/// <para>With S the sorted window, o the leaving value and n the entering one: A_i = S_(i+1) where S_i &gt;= o, else S_i
/// (one copy of o removed: o is in the window, so the first S_i &gt;= o is the first copy of o, float compares treating
/// -0 and +0 as equal); then S'_i = min(max(n, A_(i-1)), A_i) with A_(-1) = -inf, S_K = +inf (n merged in). The same
/// min/max operations on the same operands as the earlier form of this update (which found o by a running OR of
/// equality tests), so every bit, -0 against +0 included, is unchanged; each rank's mask is now one compare, the loop
/// is unrolled by two and its last step peeled so no load is conditional.</para>
/// <para>Where <see cref="Vector256"/> is not hardware accelerated (x64 without AVX, e.g. the default NativeAOT build),
/// the group runs as two <see cref="Vector128"/> halves, interleaved; the result is the same.</para>
/// </remarks>
internal static class SortedWindowKernel
{
    /// <summary>Floats per lane group (one rank of eight windows).</summary>
    public const int GroupWidth = 8;

    /// <summary>Removes <paramref name="leaving"/>[j] from and merges <paramref name="entering"/>[j] into lane j's window of <paramref name="size"/> (odd) values.</summary>
    /// <param name="group">Rank 0 of the group; rank i is at group[i * 8].</param>
    /// <param name="leaving">Eight values, each in its lane's window.</param>
    /// <param name="entering">Eight values.</param>
    /// <param name="size">Window size, odd, 1..63.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Replace(ref float group, ref float leaving, ref float entering, int size)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Replace256(ref group, Vector256.LoadUnsafe(ref leaving), Vector256.LoadUnsafe(ref entering), size);
        }
        else
        {
            Replace128(ref group, ref leaving, ref entering, size);
        }
    }

    /// <summary>
    /// Two successive <see cref="Replace"/>s in one pass over the ranks (the first update's ranks stay in registers for the
    /// second): the window ends as after Replace(leaving, entering) then Replace(leavingNext, enteringNext), bit for bit.
    /// </summary>
    /// <param name="group">Rank 0 of the group.</param>
    /// <param name="leaving">Eight values leaving first.</param>
    /// <param name="entering">Eight values entering first.</param>
    /// <param name="leavingNext">Eight values leaving second (each in its lane's window after the first update).</param>
    /// <param name="enteringNext">Eight values entering second.</param>
    /// <param name="size">Window size, odd, 3..63.</param>
    /// <param name="firstMedian">Receives rank size / 2 of the window between the two updates (eight values).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReplaceTwice(
        ref float group, ref float leaving, ref float entering, ref float leavingNext, ref float enteringNext, int size, ref float firstMedian)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ReplaceTwice256(
                ref group, Vector256.LoadUnsafe(ref leaving), Vector256.LoadUnsafe(ref entering), Vector256.LoadUnsafe(ref leavingNext),
                Vector256.LoadUnsafe(ref enteringNext), size, ref firstMedian);
        }
        else
        {
            Replace128(ref group, ref leaving, ref entering, size);
            CopyRank(ref group, size / 2, ref firstMedian);
            Replace128(ref group, ref leavingNext, ref enteringNext, size);
        }
    }

    /// <summary>Copies rank <paramref name="rank"/> of the group (eight values) to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyRank(ref float group, int rank, ref float destination)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256.LoadUnsafe(ref group, (nuint)(rank * GroupWidth)).StoreUnsafe(ref destination);
        }
        else
        {
            Vector128.LoadUnsafe(ref group, (nuint)(rank * GroupWidth)).StoreUnsafe(ref destination);
            Vector128.LoadUnsafe(ref group, (nuint)((rank * GroupWidth) + 4)).StoreUnsafe(ref destination, 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Replace256(ref float group, Vector256<float> leaving, Vector256<float> entering, int size)
    {
        Vector256<float> previous = Vector256.Create(float.NegativeInfinity);
        Vector256<float> current = Vector256.LoadUnsafe(ref group);
        int last = size - 1;   // even: the pairs below end exactly at the last rank
        for (int i = 0; i < last; i += 2)
        {
            Vector256<float> next = Vector256.LoadUnsafe(ref group, (nuint)((i + 1) * GroupWidth));
            Vector256<float> after = Vector256.LoadUnsafe(ref group, (nuint)((i + 2) * GroupWidth));
            Vector256<float> kept = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(current, leaving), next, current);
            Vector256<float> keptNext = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(next, leaving), after, next);
            Vector256.MinNative(Vector256.MaxNative(entering, previous), kept).StoreUnsafe(ref group, (nuint)(i * GroupWidth));
            Vector256.MinNative(Vector256.MaxNative(entering, kept), keptNext).StoreUnsafe(ref group, (nuint)((i + 1) * GroupWidth));
            previous = keptNext;
            current = after;
        }

        Vector256<float> top = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(current, leaving), Vector256.Create(float.PositiveInfinity), current);
        Vector256.MinNative(Vector256.MaxNative(entering, previous), top).StoreUnsafe(ref group, (nuint)(last * GroupWidth));
    }

    /// <summary>
    /// With S the window, T after the first update and U after the second (see the remarks): step j makes A_j and T_j
    /// from S_j, S_(j+1), then B_(j-1) and U_(j-1) from T_(j-1), T_j, and stores U_(j-1). The same operations on the same
    /// operands as two <see cref="Replace256"/> calls.
    /// </summary>
    public static void ReplaceTwice256(
        ref float group, Vector256<float> o1, Vector256<float> n1, Vector256<float> o2, Vector256<float> n2, int size, ref float firstMedian)
    {
        Vector256<float> infinity = Vector256.Create(float.PositiveInfinity);
        int middle = size / 2;
        int last = size - 1;

        // j = 0: A_(-1) = -inf; no U yet.
        Vector256<float> s = Vector256.LoadUnsafe(ref group);
        Vector256<float> sNext = Vector256.LoadUnsafe(ref group, GroupWidth);
        Vector256<float> a = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(s, o1), sNext, s);
        Vector256<float> t = Vector256.MinNative(Vector256.MaxNative(n1, Vector256.Create(float.NegativeInfinity)), a);
        Vector256<float> b = Vector256.Create(float.NegativeInfinity);   // B_(j-2)
        s = sNext;
        int j = 1;
        for (; j < middle; j++)
        {
            Step256(ref group, j, o1, n1, o2, n2, ref s, ref a, ref t, ref b);
        }

        if (j == middle)
        {
            Step256(ref group, j, o1, n1, o2, n2, ref s, ref a, ref t, ref b);
            t.StoreUnsafe(ref firstMedian);
            j++;
        }

        for (; j < last; j++)
        {
            Step256(ref group, j, o1, n1, o2, n2, ref s, ref a, ref t, ref b);
        }

        // j = last: S_size = +inf, then U_(last-1) and U_last (T_size = +inf).
        Vector256<float> aLast = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(s, o1), infinity, s);
        Vector256<float> tLast = Vector256.MinNative(Vector256.MaxNative(n1, a), aLast);
        Vector256<float> bPrevious = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(t, o2), tLast, t);
        Vector256.MinNative(Vector256.MaxNative(n2, b), bPrevious).StoreUnsafe(ref group, (nuint)((last - 1) * GroupWidth));
        Vector256<float> bLast = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(tLast, o2), infinity, tLast);
        Vector256.MinNative(Vector256.MaxNative(n2, bPrevious), bLast).StoreUnsafe(ref group, (nuint)(last * GroupWidth));
    }

    /// <summary>One rank j (1..size-2) of <see cref="ReplaceTwice256"/>: s = S_j, a = A_(j-1), t = T_(j-1), b = B_(j-2) in and the next ones out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step256(
        ref float group, int j, Vector256<float> o1, Vector256<float> n1, Vector256<float> o2, Vector256<float> n2,
        ref Vector256<float> s, ref Vector256<float> a, ref Vector256<float> t, ref Vector256<float> b)
    {
        Vector256<float> sNext = Vector256.LoadUnsafe(ref group, (nuint)((j + 1) * GroupWidth));
        Vector256<float> aj = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(s, o1), sNext, s);
        Vector256<float> tj = Vector256.MinNative(Vector256.MaxNative(n1, a), aj);
        Vector256<float> bPrevious = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(t, o2), tj, t);
        Vector256.MinNative(Vector256.MaxNative(n2, b), bPrevious).StoreUnsafe(ref group, (nuint)((j - 1) * GroupWidth));
        s = sNext;
        a = aj;
        t = tj;
        b = bPrevious;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Replace128(ref float group, ref float leavingRef, ref float enteringRef, int size)
    {
        // Lanes 0-3 (suffix 0) and 4-7 (suffix 1) of each rank as two independent vectors.
        Vector128<float> leaving0 = Vector128.LoadUnsafe(ref leavingRef), leaving1 = Vector128.LoadUnsafe(ref leavingRef, 4);
        Vector128<float> entering0 = Vector128.LoadUnsafe(ref enteringRef), entering1 = Vector128.LoadUnsafe(ref enteringRef, 4);
        Vector128<float> previous0 = Vector128.Create(float.NegativeInfinity), previous1 = previous0;
        Vector128<float> current0 = Vector128.LoadUnsafe(ref group), current1 = Vector128.LoadUnsafe(ref group, 4);
        int last = size - 1;
        for (int i = 0; i < last; i += 2)
        {
            nuint at = (nuint)(i * GroupWidth);
            Vector128<float> next0 = Vector128.LoadUnsafe(ref group, at + GroupWidth), next1 = Vector128.LoadUnsafe(ref group, at + GroupWidth + 4);
            Vector128<float> after0 = Vector128.LoadUnsafe(ref group, at + (2 * GroupWidth)), after1 = Vector128.LoadUnsafe(ref group, at + (2 * GroupWidth) + 4);
            Vector128<float> kept0 = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(current0, leaving0), next0, current0);
            Vector128<float> kept1 = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(current1, leaving1), next1, current1);
            Vector128<float> keptNext0 = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(next0, leaving0), after0, next0);
            Vector128<float> keptNext1 = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(next1, leaving1), after1, next1);
            Vector128.MinNative(Vector128.MaxNative(entering0, previous0), kept0).StoreUnsafe(ref group, at);
            Vector128.MinNative(Vector128.MaxNative(entering1, previous1), kept1).StoreUnsafe(ref group, at + 4);
            Vector128.MinNative(Vector128.MaxNative(entering0, kept0), keptNext0).StoreUnsafe(ref group, at + GroupWidth);
            Vector128.MinNative(Vector128.MaxNative(entering1, kept1), keptNext1).StoreUnsafe(ref group, at + GroupWidth + 4);
            previous0 = keptNext0;
            previous1 = keptNext1;
            current0 = after0;
            current1 = after1;
        }

        Vector128<float> infinity = Vector128.Create(float.PositiveInfinity);
        nuint top = (nuint)(last * GroupWidth);
        Vector128<float> top0 = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(current0, leaving0), infinity, current0);
        Vector128<float> top1 = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(current1, leaving1), infinity, current1);
        Vector128.MinNative(Vector128.MaxNative(entering0, previous0), top0).StoreUnsafe(ref group, top);
        Vector128.MinNative(Vector128.MaxNative(entering1, previous1), top1).StoreUnsafe(ref group, top + 4);
    }
}
