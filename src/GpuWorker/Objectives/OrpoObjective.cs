using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>ORPO: −ℓ̄_w − λ log σ(logit p_w − logit p_l), p = exp(ℓ̄ − ℓ_max) (math.md §1–2).</summary>
internal sealed class OrpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("orpo", false, new Dictionary<string, double> { ["lambda"] = 0.1 }, [0], c => new OrpoObjective(c));

    public override Tensor PairLoss(PairLogProbs p)
    {
        var logitW = ProbabilityDomain.Logit(ProbabilityDomain.LogP(p.ChosenMean, p.LogProbMax));
        var logitL = ProbabilityDomain.Logit(ProbabilityDomain.LogP(p.RejectedMean, p.LogProbMax));
        return -p.ChosenMean - Columns["lambda"] * logsigmoid(logitW - logitL);
    }
}
