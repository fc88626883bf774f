using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// The per-agent values of an objective group as tensors: each hyperparameter as a <c>[K, 1]</c> column (so
/// agents in one group may use different β, λ, ...) and the learned parameters as <c>[K, P]</c>. The tensors
/// live as long as the objective, outside any dispose scope of the caller.
/// </summary>
internal sealed class AgentColumns : IDisposable
{
    private readonly Dictionary<string, Tensor> _columns = new(StringComparer.Ordinal);

    public AgentColumns(IReadOnlyList<ObjectiveSpec> specs, IReadOnlyDictionary<string, double> defaults, Device device, ScalarType dtype)
    {
        AgentCount = specs.Count;
        Specs = specs;
        foreach (var (name, fallback) in defaults)
        {
            var values = specs.Select(s => s.Hyperparameters.TryGetValue(name, out var v) ? v : fallback).ToArray();
            _columns[name] = tensor(values, dtype: ScalarType.Float64).to(dtype, device).view(AgentCount, 1).DetachFromDisposeScope();
        }
        var width = specs[0].Parameters?.Length ?? 0;
        if (width > 0)
        {
            var flat = specs.SelectMany(s => s.Parameters!).ToArray();
            Parameters = tensor(flat, dtype: ScalarType.Float64).to(dtype, device).view(AgentCount, width).DetachFromDisposeScope();
        }
    }

    public int AgentCount { get; }

    /// <summary>The specs the columns were built from, for structural choices that must be the same for the whole group.</summary>
    public IReadOnlyList<ObjectiveSpec> Specs { get; }

    /// <summary>Learned parameters <c>[K, P]</c>, or null for hand-designed objectives.</summary>
    public Tensor? Parameters { get; }

    public Tensor this[string hyperparameter] => _columns[hyperparameter];

    public void Dispose()
    {
        foreach (var column in _columns.Values) column.Dispose();
        Parameters?.Dispose();
    }
}
