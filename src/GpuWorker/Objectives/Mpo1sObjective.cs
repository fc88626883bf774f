using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// 1S-MPO (math.md §3): −ℓ̄_w − λ ψ(σ(φ⁻¹(p_w) − φ⁻¹(p_l))) with φ⁻¹(p) = logit p + N_φ(p) and
/// ψ(z) = log z + N_ψ(z). Parameters: 379 (φ⁻¹ learned, ψ = log) or 758 (φ⁻¹ then ψ, each in the
/// <see cref="MonotoneNetwork"/> layout). The zero vector is ORPO exactly.
/// <para>
/// The network reads the tempered probability x = p^(1/T) (hyperparameter <c>inputTemperature</c>, T = 1 is
/// math.md as written) (ours): trajectory probabilities p = exp(ℓ̄ − ℓ_max) are e^-5..e^-10 for real policies,
/// where any network of p is flat and N(p_w) − N(p_l) vanishes; x is still increasing in p, so φ⁻¹ stays
/// monotone and the zero network is still ORPO, but its inputs spread over (0, 1).
/// </para>
/// </summary>
internal sealed class Mpo1sObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new(
        "mpo-1s", false, new Dictionary<string, double> { ["lambda"] = 0.1, ["inputTemperature"] = 1.0 },
        [MonotoneNetwork.ParameterCount, 2 * MonotoneNetwork.ParameterCount], c => new Mpo1sObjective(c));

    private Tensor Learned => Columns.Parameters ?? throw new InvalidOperationException("mpo-1s was built without parameters");

    private bool LearnsPsi => Learned.shape[1] == 2 * MonotoneNetwork.ParameterCount;

    public override Tensor PairLoss(PairLogProbs p)
    {
        var phi = Learned.narrow(1, 0, MonotoneNetwork.ParameterCount);
        var temperature = Columns["inputTemperature"];
        var margin = InverseMirror(phi, p.ChosenMean, p.LogProbMax, temperature) - InverseMirror(phi, p.RejectedMean, p.LogProbMax, temperature);
        return -p.ChosenMean - Columns["lambda"] * Psi(margin);
    }

    private static Tensor InverseMirror(Tensor phi, Tensor meanLogProb, double logProbMax, Tensor temperature)
    {
        var logP = ProbabilityDomain.LogP(meanLogProb, logProbMax);
        return ProbabilityDomain.Logit(logP) + MonotoneNetwork.Evaluate(phi, (logP / temperature).exp());
    }

    /// <summary>ψ(σ(d)): log σ(d) via logsigmoid so large negative margins stay finite.</summary>
    private Tensor Psi(Tensor margin)
    {
        var logZ = logsigmoid(margin);
        if (!LearnsPsi) return logZ;
        var psi = Learned.narrow(1, MonotoneNetwork.ParameterCount, MonotoneNetwork.ParameterCount);
        return logZ + MonotoneNetwork.Evaluate(psi, margin.sigmoid());
    }
}
