using System.Numerics.Tensors;

namespace KamHp.Evaluation;

/// <summary>
/// Cholesky factorisation G = L L^T of a symmetric positive semi-definite Gram matrix that drops columns which are
/// numerically dependent on the columns before them, and least-squares solves with the factor.
/// </summary>
/// <remarks>
/// The BSS Eval Gram matrix of delayed references is singular when a reference is silent in one channel or identical
/// in both channels (a centre-panned mono stem), and very ill-conditioned for band-limited audio. mir_eval solves it
/// with LU (falling back to lstsq); here a column k whose pivot (the energy of delayed reference k not explained by
/// the columns before it) is below <see cref="DependenceTolerance"/> times its own energy G[k,k] is treated as
/// dependent: its coefficient is fixed at 0. The remaining columns span the same subspace, so the projection, the
/// only thing the metrics use, is unchanged. Gram entries computed by FFT in double precision carry relative errors
/// around 1e-15, so pivots below 1e-12 are rounding noise.
/// </remarks>
internal sealed class GuardedCholesky
{
    /// <summary>Relative pivot below which a column counts as dependent (-120 dB of its energy).</summary>
    public const double DependenceTolerance = 1e-12;

    // Rows of a tile are finished together so each earlier row of L is read once per tile, not once per row.
    private const int TileRows = 32;

    private readonly int _size;
    private readonly double[] _lower;
    private readonly double[] _inverseDiagonal;

    /// <summary>Factors the principal submatrix [offset, offset+size)^2 of a row-major matrix with row stride stride.</summary>
    public GuardedCholesky(double[] matrix, int stride, int offset, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + size, stride);
        _size = size;
        _lower = new double[size * size];
        _inverseDiagonal = new double[size];
        int dropped = 0;

        for (int tileStart = 0; tileStart < size; tileStart += TileRows)
        {
            int tileEnd = Math.Min(size, tileStart + TileRows);
            for (int j = 0; j < tileEnd; j++)
            {
                ReadOnlySpan<double> rowJ = _lower.AsSpan(j * size, j);
                for (int i = Math.Max(tileStart, j); i < tileEnd; i++)
                {
                    double gij = matrix[((offset + i) * stride) + offset + j];
                    double value = gij - TensorPrimitives.Dot(_lower.AsSpan(i * size, j), rowJ);
                    if (i == j)
                    {
                        if (gij > 0 && value > DependenceTolerance * gij)
                        {
                            double diagonal = Math.Sqrt(value);
                            _lower[(j * size) + j] = diagonal;
                            _inverseDiagonal[j] = 1.0 / diagonal;
                        }
                        else
                        {
                            // Dependent (or silent) column: no coefficient, and no contribution to later rows.
                            _lower.AsSpan(j * size, j + 1).Clear();
                            _inverseDiagonal[j] = 0;
                            dropped++;
                        }
                    }
                    else
                    {
                        _lower[(i * size) + j] = value * _inverseDiagonal[j];
                    }
                }
            }
        }

        DroppedCount = dropped;
    }

    /// <summary>Columns treated as dependent.</summary>
    public int DroppedCount { get; }

    public int Size => _size;

    /// <summary>Solves G c = d in the least-squares sense (dropped columns get coefficient 0).</summary>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> solution)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(rhs.Length, _size);
        ArgumentOutOfRangeException.ThrowIfNotEqual(solution.Length, _size);

        // Forward: L y = d, row by row.
        for (int k = 0; k < _size; k++)
        {
            double sum = rhs[k] - TensorPrimitives.Dot(_lower.AsSpan(k * _size, k), solution[..k]);
            solution[k] = sum * _inverseDiagonal[k];
        }

        // Backward: L^T c = y, column-oriented so that rows of L are read contiguously.
        for (int k = _size - 1; k >= 0; k--)
        {
            double ck = solution[k] * _inverseDiagonal[k];
            solution[k] = ck;
            if (ck != 0)
            {
                TensorPrimitives.MultiplyAdd(_lower.AsSpan(k * _size, k), -ck, solution[..k], solution[..k]);
            }
        }
    }
}
