using TorchSharp;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>What the catalog knows about one objective: its defaults, its step class, the parameter-vector lengths it accepts, and how to build it.</summary>
internal sealed record ObjectiveInfo(
    string Name,
    bool IsTwoStep,
    IReadOnlyDictionary<string, double> Defaults,
    IReadOnlyList<int> ParameterLengths,
    Func<AgentColumns, IObjective> Create);
