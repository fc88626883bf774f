using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EvoPo.Simulation.Policies;

/// <summary>A trained (or initial) policy with what it was trained for; identity is <see cref="ContentHash"/>.</summary>
public sealed class Agent
{
    private readonly float[] _parameters;

    public Agent(string task, PolicyShape shape, double stdMin, ReadOnlySpan<float> parameters, IReadOnlyDictionary<string, string>? provenance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(shape);
        if (parameters.Length != shape.ParameterCount)
            throw new ArgumentException($"shape {shape} needs {shape.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        Task = task;
        Shape = shape;
        StdMin = stdMin;
        _parameters = parameters.ToArray();
        Provenance = new Dictionary<string, string>(provenance ?? new Dictionary<string, string>());
        ContentHash = HashParameters(_parameters);
    }

    public string Task { get; }

    public PolicyShape Shape { get; }

    public double StdMin { get; }

    public ReadOnlySpan<float> Parameters => _parameters;

    public IReadOnlyDictionary<string, string> Provenance { get; }

    /// <summary>Hex SHA-256 (lower case) of the parameters as float32 little-endian bytes.</summary>
    public string ContentHash { get; }

    public GaussianMlp CreatePolicy() => new(Shape, StdMin, _parameters);

    public static string HashParameters(ReadOnlySpan<float> parameters)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("agent hashes assume a little-endian machine");
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(parameters)));
    }
}
