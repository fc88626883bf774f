using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>Separable CMA-ES: the global step size, the diagonal of the covariance and the two evolution paths.</summary>
/// <param name="Sigma">Global step size σ; candidate i is m + σ √C ⊙ z_i.</param>
/// <param name="C">Diagonal of the covariance matrix.</param>
/// <param name="Pc">Evolution path of the covariance (rank-one update).</param>
/// <param name="Ps">Conjugate evolution path of the step size (cumulative step-size adaptation).</param>
[MessagePackObject]
public sealed record SepCmaEsState(
    int Generation,
    double[] Mean,
    double BestFitness,
    double[]? BestParameters,
    [property: Key(4)] double Sigma,
    [property: Key(5)] double[] C,
    [property: Key(6)] double[] Pc,
    [property: Key(7)] double[] Ps) : EsState(Generation, Mean, BestFitness, BestParameters)
{
    [IgnoreMember]
    public override double StepSize => RootMeanSquare(C, Sigma);
}
