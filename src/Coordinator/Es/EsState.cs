using System.Buffers.Binary;
using System.Security.Cryptography;
using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// What every strategy's state holds (the evosax shape): the generation, the mean, the best candidate so far. Each
/// strategy's own record adds the rest (σ, covariance, optimizer moments) and is journaled whole inside an
/// <see cref="EsStateCodec"/> envelope: persisting it and restoring it reproduces the run bit for bit. Arrays are never
/// written to after construction; strategies always build new ones.
/// </summary>
/// <param name="Generation">Generation that the next <c>Ask</c> samples.</param>
/// <param name="BestFitness">Best finite fitness of any single candidate so far; −∞ before the first.</param>
/// <param name="BestParameters">That candidate's parameters; null before the first finite fitness.</param>
[MessagePackObject]
public abstract record EsState(
    [property: Key(0)] int Generation,
    [property: Key(1)] double[] Mean,
    [property: Key(2)] double BestFitness,
    [property: Key(3)] double[]? BestParameters)
{
    [IgnoreMember]
    public int Dimension => Mean.Length;

    /// <summary>
    /// One number for "how wide the search samples": the root mean square of the per-dimension sampling standard
    /// deviations (σ itself for OpenAI-ES). It is what history.csv, reports and the dashboard call σ.
    /// </summary>
    [IgnoreMember]
    public abstract double StepSize { get; }

    /// <summary>Lowercase hex SHA-256 of the mean as little-endian IEEE-754 doubles: one string to compare runs by.</summary>
    public string MeanDigest() => Digest(Mean);

    /// <summary>The same digest for any vector (a candidate, the best parameters).</summary>
    public static string Digest(ReadOnlySpan<double> values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>√(mean of <paramref name="variances"/> × <paramref name="scale"/>²): <see cref="StepSize"/> of a diagonal distribution.</summary>
    protected static double RootMeanSquare(ReadOnlySpan<double> variances, double scale = 1.0)
    {
        var sum = 0.0;
        foreach (var v in variances) sum += v;
        return scale * Math.Sqrt(sum / variances.Length);
    }
}
