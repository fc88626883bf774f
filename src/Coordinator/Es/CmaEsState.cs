using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// CMA-ES: the step size, the full covariance C and its eigendecomposition C = B diag(D²) Bᵀ (refreshed lazily, so it
/// belongs to the state: candidates are sampled from B and D as of the last refresh), and the evolution paths.
/// Matrices are row-major, d × d.
/// </summary>
/// <param name="EigenEvaluations">Evaluations counted when B and D were last computed from C (pycma's updated_eval).</param>
[MessagePackObject]
public sealed record CmaEsState(
    int Generation,
    double[] Mean,
    double BestFitness,
    double[]? BestParameters,
    [property: Key(4)] double Sigma,
    [property: Key(5)] double[] C,
    [property: Key(6)] double[] B,
    [property: Key(7)] double[] D,
    [property: Key(8)] double[] Pc,
    [property: Key(9)] double[] Ps,
    [property: Key(10)] long EigenEvaluations) : EsState(Generation, Mean, BestFitness, BestParameters)
{
    [IgnoreMember]
    public override double StepSize
    {
        get
        {
            var n = Mean.Length;
            var diagonal = new double[n];
            for (var i = 0; i < n; i++) diagonal[i] = C[i * n + i];
            return RootMeanSquare(diagonal, Sigma);
        }
    }
}
