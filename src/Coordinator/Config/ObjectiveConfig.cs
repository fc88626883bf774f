namespace EvoPo.Coordinator.Config;

/// <summary>
/// <c>objective</c>: the MPO family searched (math.md §3, docs/objectives.md): its class, which functions are learned,
/// their bases, the SFT weight, β or λ, and where the search starts.
/// </summary>
public sealed record ObjectiveConfig
{
    /// <summary>The value of <see cref="Start"/> that starts the search at the zero network (ORPO for 1s, DPO for 2s).</summary>
    public const string ZeroStart = "zero";

    public ObjectiveClass Class { get; init; } = ObjectiveClass.OneStep;

    /// <summary>The learned functions; the searched vector is their networks concatenated in the order phi, psi, g.</summary>
    public IReadOnlyList<LearnedFunction> Learn { get; init; } = [LearnedFunction.Phi];

    /// <summary>Weight λ of the preference term in 1S-MPO.</summary>
    public double Lambda { get; init; } = 0.1;

    /// <summary>Scale β of the log-ratio in 2S-MPO.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>
    /// T in the learned network's input p^(1/T) (ours, see Mpo1sObjective): 1 is math.md as written; larger values
    /// spread the tiny trajectory probabilities of continuous policies over (0, 1) so the network can shape them.
    /// </summary>
    public double InputTemperature { get; init; } = 1.0;

    /// <summary>The networks' input: <c>power</c> p^(1/T) (as before this key existed) or <c>log</c> (log p − c)/T.</summary>
    public NetworkInput NetworkInput { get; init; } = NetworkInput.Power;

    /// <summary>c in the <c>log</c> network input (log p − c)/T: a typical per-step log p of the data (docs/objectives.md).</summary>
    public double InputCenter { get; init; }

    /// <summary>
    /// 1s only: β in σ(β[φ⁻¹(p_w) − φ⁻¹(p_l)]) (math.md §3, ours); 1 is the formula as written (ORPO at the zero network).
    /// Not <see cref="Beta"/>, which is 2s's, so configs of runs journaled before it existed replay unchanged.
    /// </summary>
    public double MarginScale { get; init; } = 1.0;

    /// <summary>Base of φ⁻¹; auto is the class's own (logit for 1s, log for 2s).</summary>
    public PhiBase PhiBase { get; init; } = PhiBase.Auto;

    /// <summary>Base of ψ.</summary>
    public PsiBase PsiBase { get; init; } = PsiBase.Log;

    /// <summary>
    /// Weight of the SFT term −ℓ̄_w, and the base of g when g is learned; null (<c>auto</c>) is the class's own:
    /// 1 for 1s (ORPO), 0 for 2s (DPO has no SFT term in its preference phase).
    /// </summary>
    public double? SftWeight { get; init; }

    /// <summary>2s only: scale each side's mirror-map difference by its length, so the zero network is DPO exactly (ours); false is math.md's per-step form.</summary>
    public bool PerTrajectory { get; init; } = true;

    /// <summary>Where the ES mean starts: <c>zero</c> (the zero network), or a path to a <c>best.json</c> (its ES mean) or a JSON array of numbers.</summary>
    public string Start { get; init; } = ZeroStart;

    internal void Validate()
    {
        if (Learn.Count == 0)
            throw new ConfigException("objective.learn", "must list at least one of phi | psi | g");
        if (Learn.Distinct().Count() != Learn.Count)
            throw new ConfigException("objective.learn", $"must not list a function twice, got [{string.Join(", ", Learn.Select(YamlNames.Of))}]");
        ConfigChecks.InRange("objective.lambda", Lambda, 0.0, 1000.0);
        ConfigChecks.Positive("objective.beta", Beta);
        ConfigChecks.InRange("objective.inputTemperature", InputTemperature, 0.01, 1000.0);
        ConfigChecks.Positive("objective.marginScale", MarginScale);
        if (MarginScale != 1 && Class == ObjectiveClass.TwoStep)
            throw new ConfigException("objective.marginScale", "applies to class 1s only (2s scales its margin by objective.beta); remove it");
        ConfigChecks.InRange("objective.inputCenter", InputCenter, -1e6, 1e6);
        if (InputCenter != 0 && NetworkInput != NetworkInput.Log)
            throw new ConfigException("objective.inputCenter", "applies only with networkInput: log; remove it or set networkInput: log");
        if (SftWeight is { } weight) ConfigChecks.InRange("objective.sftWeight", weight, 0.0, 1000.0);
        ConfigChecks.NotBlank("objective.start", Start);
        if (!PerTrajectory && Class == ObjectiveClass.OneStep)
            throw new ConfigException("objective.perTrajectory", "applies to class 2s only; remove it or set it to true for class 1s");
    }

    public bool Equals(ObjectiveConfig? other) =>
        other is not null && Class == other.Class && Learn.SequenceEqual(other.Learn) &&
        Lambda.Equals(other.Lambda) && Beta.Equals(other.Beta) && InputTemperature.Equals(other.InputTemperature) &&
        NetworkInput == other.NetworkInput && InputCenter.Equals(other.InputCenter) && MarginScale.Equals(other.MarginScale) &&
        PhiBase == other.PhiBase && PsiBase == other.PsiBase && Nullable.Equals(SftWeight, other.SftWeight) &&
        PerTrajectory == other.PerTrajectory && Start == other.Start;

    public override int GetHashCode() => HashCode.Combine(HashCode.Combine(Class, Learn.Count, Lambda, Beta, InputTemperature, PhiBase, SftWeight, Start),
        NetworkInput, InputCenter, MarginScale);
}
