using KamHp.Evaluation;

namespace KamHp.Tests.Evaluation;

public sealed class GuardedCholeskyTests
{
    [Fact]
    public void Solve_OfAWellConditionedGramMatrix_ReturnsTheExactSolution()
    {
        const int size = 70; // more than one tile of rows
        double[] gram = Gram(RandomColumns(size, rows: 200, seed: 1), size);
        var random = new Random(2);
        double[] expected = [.. Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5)];
        double[] rhs = Multiply(gram, expected, size);

        var factor = new GuardedCholesky(gram, size, 0, size);
        var solution = new double[size];
        factor.Solve(rhs, solution);

        Assert.Equal(0, factor.DroppedCount);
        for (int i = 0; i < size; i++)
        {
            Assert.Equal(expected[i], solution[i], 1e-9);
        }
    }

    [Fact]
    public void Solve_WithDependentColumns_DropsThemAndStillSolvesTheProjection()
    {
        const int size = 40;
        double[][] columns = RandomColumns(size, rows: 100, seed: 3);
        columns[10] = [.. columns[3]];                                        // duplicate
        columns[25] = [.. columns[1].Zip(columns[2], (x, y) => (2 * x) - y)]; // combination
        columns[30] = new double[100];                                      // silent
        double[] gram = Gram(columns, size);
        var random = new Random(4);
        double[] target = [.. Enumerable.Range(0, 100).Select(_ => random.NextDouble() - 0.5)];
        double[] rhs = [.. columns.Select(c => Dot(c, target))];

        var factor = new GuardedCholesky(gram, size, 0, size);
        var solution = new double[size];
        factor.Solve(rhs, solution);

        Assert.Equal(3, factor.DroppedCount);
        Assert.Equal(0, solution[10]);
        Assert.Equal(0, solution[25]);
        Assert.Equal(0, solution[30]);

        // Normal equations hold: the residual of the projection is orthogonal to every column, dropped ones included.
        var projection = new double[100];
        for (int k = 0; k < size; k++)
        {
            for (int t = 0; t < 100; t++)
            {
                projection[t] += solution[k] * columns[k][t];
            }
        }

        double[] residual = [.. target.Zip(projection, (x, p) => x - p)];
        foreach (double[] column in columns)
        {
            Assert.Equal(0, Dot(column, residual), 1e-9);
        }
    }

    [Fact]
    public void Factor_OfAPrincipalSubmatrix_ReadsOnlyThatBlock()
    {
        const int size = 30;
        double[] gram = Gram(RandomColumns(size, rows: 90, seed: 5), size);
        double[] block = new double[10 * 10];
        for (int i = 0; i < 10; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                block[(i * 10) + j] = gram[((i + 12) * size) + j + 12];
            }
        }

        double[] rhs = [.. Enumerable.Range(0, 10).Select(i => (double)i)];
        double[] fromView = new double[10], fromCopy = new double[10];
        new GuardedCholesky(gram, size, 12, 10).Solve(rhs, fromView);
        new GuardedCholesky(block, 10, 0, 10).Solve(rhs, fromCopy);

        Assert.Equal(fromCopy, fromView);
    }

    private static double[][] RandomColumns(int count, int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, rows).Select(_ => random.NextDouble() - 0.5).ToArray())];
    }

    private static double[] Gram(double[][] columns, int size)
    {
        var gram = new double[size * size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                gram[(i * size) + j] = Dot(columns[i], columns[j]);
            }
        }

        return gram;
    }

    private static double[] Multiply(double[] matrix, double[] vector, int size)
    {
        var result = new double[size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                result[i] += matrix[(i * size) + j] * vector[j];
            }
        }

        return result;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
