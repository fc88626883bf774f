using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EvoPo.Simulation.Policies;

/// <summary>A trained (or initial) policy with what it was trained for; identity is <see cref="ContentHash"/>.</summary>
public sealed class Agent
{
    private readonly float[] _parameters;

    public Agent(string task, PolicyShape shape, double stdMin, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? provenance = null,
        PolicyDistribution distribution = PolicyDistribution.Gaussian)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(shape);
        if (parameters.Length != shape.ParameterCount)
            throw new ArgumentException($"shape {shape} needs {shape.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        Task = task;
        Shape = shape;
        StdMin = stdMin;
        Distribution = distribution;
        _parameters = parameters.ToArray();
        Provenance = new Dictionary<string, string>(provenance ?? new Dictionary<string, string>());
        ContentHash = Hash(distribution, _parameters);
    }

    public string Task { get; }

    public PolicyShape Shape { get; }

    public double StdMin { get; }

    public PolicyDistribution Distribution { get; }

    /// <summary>ℓ_max of math.md §1 for this agent's distribution, floor and action dimension.</summary>
    public double LogProbMax => PolicyDistributions.LogProbMax(Distribution, StdMin, Shape.ActDim);

    public ReadOnlySpan<float> Parameters => _parameters;

    public IReadOnlyDictionary<string, string> Provenance { get; }

    /// <summary>
    /// Hex SHA-256 (lower case) of the parameters as float32 little-endian bytes, preceded for a non-Gaussian policy by its
    /// distribution's name and a NUL: the same parameters squashed are another policy, and Gaussian agents keep their hashes.
    /// </summary>
    public string ContentHash { get; }

    public GaussianMlp CreatePolicy() => new(Shape, StdMin, _parameters, Distribution);

    /// <summary>A policy of this agent's shape, floor and distribution with other parameters (a trained or ES candidate).</summary>
    public GaussianMlp CreatePolicy(ReadOnlySpan<float> parameters) => new(Shape, StdMin, parameters, Distribution);

    public static string Hash(PolicyDistribution distribution, ReadOnlySpan<float> parameters)
    {
        if (distribution == PolicyDistribution.Gaussian) return HashParameters(parameters);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("agent hashes assume a little-endian machine");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(PolicyDistributions.Name(distribution) + "\0"));
        sha.AppendData(MemoryMarshal.AsBytes(parameters));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string HashParameters(ReadOnlySpan<float> parameters)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("agent hashes assume a little-endian machine");
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(parameters)));
    }
}
