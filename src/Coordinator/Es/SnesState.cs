using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>SNES: a σ per dimension.</summary>
[MessagePackObject]
public sealed record SnesState(
    int Generation,
    double[] Mean,
    double BestFitness,
    double[]? BestParameters,
    [property: Key(4)] double[] Sigma) : EsState(Generation, Mean, BestFitness, BestParameters)
{
    [IgnoreMember]
    public override double StepSize => RootMeanSquare(Sigma.Select(s => s * s).ToArray());
}
