using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EvoPo.Simulation.Normalization;

namespace EvoPo.Simulation.Policies;

/// <summary>A trained (or initial) policy with what it was trained for; identity is <see cref="ContentHash"/>.</summary>
public sealed class Agent
{
    private readonly float[] _parameters;

    public Agent(string task, PolicyShape shape, double stdMin, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? provenance = null,
        PolicyDistribution distribution = PolicyDistribution.Gaussian, ObservationNormalizer? normalizer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(shape);
        if (parameters.Length != shape.ParameterCount)
            throw new ArgumentException($"shape {shape} needs {shape.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        if (normalizer is not null && normalizer.Dimension != shape.ObsDim)
            throw new ArgumentException($"observation normalization has {normalizer.Dimension} dimensions, shape {shape} observes {shape.ObsDim}", nameof(normalizer));
        Task = task;
        Shape = shape;
        Normalizer = normalizer;
        StdMin = stdMin;
        Distribution = distribution;
        _parameters = parameters.ToArray();
        Provenance = new Dictionary<string, string>(provenance ?? new Dictionary<string, string>());
        ContentHash = Hash(distribution, _parameters, normalizer);
    }

    public string Task { get; }

    public PolicyShape Shape { get; }

    public double StdMin { get; }

    public PolicyDistribution Distribution { get; }

    /// <summary>Observation normalization frozen into the agent (part of its policy), or null: it acts on raw observations.</summary>
    public ObservationNormalizer? Normalizer { get; }

    /// <summary>ℓ_max of math.md §1 for this agent's distribution, floor and action dimension.</summary>
    public double LogProbMax => PolicyDistributions.LogProbMax(Distribution, StdMin, Shape.ActDim);

    public ReadOnlySpan<float> Parameters => _parameters;

    public IReadOnlyDictionary<string, string> Provenance { get; }

    /// <summary>
    /// Hex SHA-256 (lower case) of the parameters as float32 little-endian bytes, preceded for a non-Gaussian policy by its
    /// distribution's name and a NUL: the same parameters squashed are another policy, and Gaussian agents keep their hashes.
    /// An agent with observation normalization hashes the text "obs-norm" and a NUL, then its mean and std (float32
    /// little-endian) after that: agents without it keep their hashes.
    /// </summary>
    public string ContentHash { get; }

    public GaussianMlp CreatePolicy() => new(Shape, StdMin, _parameters, Distribution, Normalizer);

    /// <summary>A policy of this agent's shape, floor and distribution with other parameters (a trained or ES candidate).</summary>
    public GaussianMlp CreatePolicy(ReadOnlySpan<float> parameters) => new(Shape, StdMin, parameters, Distribution, Normalizer);

    public static string Hash(PolicyDistribution distribution, ReadOnlySpan<float> parameters, ObservationNormalizer? normalizer = null)
    {
        if (distribution == PolicyDistribution.Gaussian && normalizer is null) return HashParameters(parameters);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("agent hashes assume a little-endian machine");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (distribution != PolicyDistribution.Gaussian) sha.AppendData(System.Text.Encoding.UTF8.GetBytes(PolicyDistributions.Name(distribution) + "\0"));
        sha.AppendData(MemoryMarshal.AsBytes(parameters));
        if (normalizer is not null)
        {
            sha.AppendData("obs-norm\0"u8);
            sha.AppendData(MemoryMarshal.AsBytes(normalizer.Mean));
            sha.AppendData(MemoryMarshal.AsBytes(normalizer.Std));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string HashParameters(ReadOnlySpan<float> parameters)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("agent hashes assume a little-endian machine");
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(parameters)));
    }
}
