using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// Everything an ES run needs to continue: persisting this record and restoring it reproduces the run bit
/// for bit. Arrays are never written to after construction; strategies always build new ones.
/// </summary>
/// <param name="Generation">Generation that the next <c>Ask</c> samples.</param>
/// <param name="BestFitness">Best finite fitness of any single candidate so far; −∞ before the first.</param>
/// <param name="BestParameters">That candidate's parameters; null before the first finite fitness.</param>
public sealed record EsState(
    int Generation,
    double[] Mean,
    double Sigma,
    double[] AdamM,
    double[] AdamV,
    long AdamStep,
    double BestFitness,
    double[]? BestParameters)
{
    public int Dimension => Mean.Length;

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
}
