using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// The three functions of an MPO objective for a group of agents (math.md §3): each a fixed base plus, when
/// learned, a <see cref="MonotoneNetwork"/>; with every network zero they are exactly their bases.
/// <list type="bullet">
/// <item>φ⁻¹(p) = base(p) + N_φ(x), base log (<c>phiBase</c> 0) or logit (1).</item>
/// <item>ψ(z) = base(z) + N_ψ(z), base log (<c>psiBase</c> 0) or the identity (1, ours: the bounded "sigmoid" loss).</item>
/// <item>g = max(0, <c>sftWeight</c> + N_g(x_w)), the weight of the SFT term −g ℓ̄_w (ours: the base is the constant
/// <c>sftWeight</c>, 1 in 1S = ORPO and 0 in 2S = DPO; the max keeps it a weight; it is a stop-gradient weight
/// per pair, so it reweights pairs by how likely their chosen trajectory already is and cannot turn the SFT
/// term's direction).</item>
/// </list>
/// The networks of φ⁻¹ and g read x = p^(1/T), T = <c>inputTemperature</c> (ours; see Mpo1sObjective), or with
/// <c>inputLog</c> 1 the shifted log x = (log p − c)/T, c = <c>inputCenter</c> (ours): per-step log p spans tens of
/// nats across a dataset (docs/objectives.md, measured), where p^(1/T) is flat for all but the likeliest
/// trajectories; (log p − c)/T puts the units' curvature over the log-probs that occur. Both are increasing in p, so
/// φ⁻¹ stays increasing and the zero network is unchanged.
/// </summary>
internal sealed class MpoFunctions
{
    private readonly AgentColumns _columns;
    private readonly MpoLayout _layout;

    public MpoFunctions(AgentColumns columns, string name)
    {
        _columns = columns;
        _layout = MpoLayout.Of(columns.Specs[0]);
        if (columns.Specs.Any(s => MpoLayout.Of(s) != _layout))
            throw new ArgumentException($"objective '{name}': all agents of a batch must learn the same functions, got {string.Join(" and ", columns.Specs.Select(MpoLayout.Of).Distinct())}");
    }

    public static Dictionary<string, double> Defaults(IEnumerable<(string Name, double Value)> own, double phiBase, double sftWeight)
    {
        var defaults = own.ToDictionary(x => x.Name, x => x.Value);
        defaults["inputTemperature"] = 1.0;
        defaults["inputLog"] = 0.0;
        defaults["inputCenter"] = 0.0;
        defaults["phiBase"] = phiBase;
        defaults["psiBase"] = 0.0;
        defaults["sftWeight"] = sftWeight;
        foreach (var (flag, value) in MpoLayout.FlagDefaults) defaults[flag] = value;
        return defaults;
    }

    /// <summary>φ⁻¹(p) for mean log-probs ℓ̄ <c>[K, M]</c>.</summary>
    public Tensor InverseMirror(Tensor meanLogProb, double logProbMax)
    {
        var logP = ProbabilityDomain.LogP(meanLogProb, logProbMax);
        var isLogit = _columns["phiBase"];
        var value = logP - isLogit * (-logP.expm1()).log(); // log p, minus log(1 − p) for logit
        return _layout.Phi ? value + MonotoneNetwork.Evaluate(Network(_layout.PhiOffset), NetworkInput(logP)) : value;
    }

    /// <summary>ψ(σ(d)) for margins d <c>[K, M]</c>; log σ via logsigmoid so large negative margins stay finite.</summary>
    public Tensor PsiOfSigmoid(Tensor margin)
    {
        var isLinear = _columns["psiBase"];
        var z = margin.sigmoid();
        var value = logsigmoid(margin) + isLinear * (z - logsigmoid(margin));
        return _layout.Psi ? value + MonotoneNetwork.Evaluate(Network(_layout.PsiOffset), z) : value;
    }

    /// <summary>−g ℓ̄_w, the (possibly learned) SFT term.</summary>
    public Tensor SftTerm(PairLogProbs p)
    {
        var weight = _columns["sftWeight"];
        if (_layout.G)
        {
            using var noGrad = no_grad();
            var x = NetworkInput(ProbabilityDomain.LogP(p.ChosenMean.detach(), p.LogProbMax));
            weight = (weight + MonotoneNetwork.Evaluate(Network(_layout.GOffset), x)).relu();
        }
        return -weight * p.ChosenMean;
    }

    /// <summary>p^(1/T), or (log p − c)/T where <c>inputLog</c> is 1.</summary>
    private Tensor NetworkInput(Tensor logP)
    {
        var temperature = _columns["inputTemperature"];
        return where(_columns["inputLog"] > 0.5, (logP - _columns["inputCenter"]) / temperature, (logP / temperature).exp());
    }

    private Tensor Network(int offset) =>
        (_columns.Parameters ?? throw new InvalidOperationException("an MPO objective with learned functions was built without parameters"))
            .narrow(1, offset, MonotoneNetwork.ParameterCount);
}
