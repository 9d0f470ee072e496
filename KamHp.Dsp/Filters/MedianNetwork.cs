namespace KamHp.Dsp.Filters;

/// <summary>
/// A comparator network that leaves the median of K inputs on wire K/2: Batcher's odd-even merge sort for K
/// wires, pruned backwards to the comparators the middle wire depends on. Branch-free, so it maps onto SIMD
/// min/max lane by lane.
/// </summary>
internal sealed class MedianNetwork
{
    /// <summary>Builds the network for odd <paramref name="kernelSize"/> in 1..63.</summary>
    public MedianNetwork(int kernelSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(kernelSize, LaneMedian.MaxKernelSize);
        if (kernelSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "Kernel size must be odd.");
        }

        KernelSize = kernelSize;
        List<(int A, int B)> sorter = BatcherSort(kernelSize);

        // Walk backwards from the middle wire, keeping what it depends on.
        var needed = new bool[kernelSize];
        needed[kernelSize / 2] = true;
        var kept = new List<int>();
        for (int i = sorter.Count - 1; i >= 0; i--)
        {
            (int a, int b) = sorter[i];
            bool needMin = needed[a];
            bool needMax = needed[b];
            if (!needMin && !needMax)
            {
                continue;
            }

            kept.Add(a | (b << 8));
            needed[a] = true;
            needed[b] = true;
        }

        kept.Reverse();
        Codes = [.. kept];
    }

    /// <summary>Number of inputs (odd).</summary>
    public int KernelSize { get; }

    /// <summary>
    /// The comparators in order, each packed as wire A (bits 0-7, receives the minimum) and wire B (bits 8-15,
    /// receives the maximum). Where the median needs only one of a comparator's outputs, the other lands on a wire
    /// that is not read again, so every comparator can run as a full compare-exchange.
    /// </summary>
    public int[] Codes { get; }

    /// <summary>Batcher's odd-even merge sort restricted to wires below <paramref name="n"/>.</summary>
    private static List<(int A, int B)> BatcherSort(int n)
    {
        var comparators = new List<(int A, int B)>();
        int size = 1;
        while (size < n)
        {
            size <<= 1;
        }

        // For a power-of-two size the network sorts; dropping comparators that touch wires >= n is the same as
        // padding those wires with +infinity, which the network would never move, so the rest sorts n wires.
        for (int p = 1; p < size; p <<= 1)
        {
            for (int k = p; k >= 1; k >>= 1)
            {
                for (int j = k % p; j + k < size; j += 2 * k)
                {
                    for (int i = 0; i < k && i + j + k < size; i++)
                    {
                        if ((i + j) / (2 * p) == (i + j + k) / (2 * p) && i + j + k < n)
                        {
                            comparators.Add((i + j, i + j + k));
                        }
                    }
                }
            }
        }

        return comparators;
    }
}
