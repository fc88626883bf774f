using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>PGPE: a σ per dimension, and the optimizer's state of the mean.</summary>
[MessagePackObject]
public sealed record PgpeState(
    int Generation,
    double[] Mean,
    double BestFitness,
    double[]? BestParameters,
    [property: Key(4)] double[] Sigma,
    [property: Key(5)] OptimizerState Optimizer) : EsState(Generation, Mean, BestFitness, BestParameters)
{
    [IgnoreMember]
    public override double StepSize => RootMeanSquare(Sigma.Select(s => s * s).ToArray());
}
