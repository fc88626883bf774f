using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>Shared plumbing so each concrete objective is only its math.md row.</summary>
internal abstract class ObjectiveBase(ObjectiveInfo info, AgentColumns columns) : IObjective
{
    protected AgentColumns Columns { get; } = columns;

    public string Name => info.Name;

    public bool IsTwoStep => info.IsTwoStep;

    public int AgentCount => Columns.AgentCount;

    public abstract Tensor PairLoss(PairLogProbs pairs);

    public void Dispose() => Columns.Dispose();
}
