using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>OpenAI-ES: one σ for every dimension, and the optimizer's state.</summary>
[MessagePackObject]
public sealed record OpenAiEsState(
    int Generation,
    double[] Mean,
    double BestFitness,
    double[]? BestParameters,
    [property: Key(4)] double Sigma,
    [property: Key(5)] OptimizerState Optimizer) : EsState(Generation, Mean, BestFitness, BestParameters)
{
    [IgnoreMember]
    public override double StepSize => Sigma;
}
