using TorchSharp;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// What the catalog knows about one objective: its defaults, its step class, the parameter-vector lengths it
/// accepts, how to build it, whether it reads behaviour log-probs ℓ^μ, and an optional further check of a spec
/// (returns the problem, or null when the spec is fine).
/// </summary>
internal sealed record ObjectiveInfo(
    string Name,
    bool IsTwoStep,
    IReadOnlyDictionary<string, double> Defaults,
    IReadOnlyList<int> ParameterLengths,
    Func<AgentColumns, IObjective> Create,
    bool NeedsBehaviour = false,
    Func<ObjectiveSpec, string?>? Check = null);
