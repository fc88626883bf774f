namespace EvoPo.Coordinator.Config;

/// <summary><c>objective</c>: which MPO family is searched and which of its functions are learned.</summary>
public sealed record ObjectiveConfig
{
    public ObjectiveClass Class { get; init; } = ObjectiveClass.OneStep;

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

    internal void Validate()
    {
        if (Learn.Count == 0)
            throw new ConfigException("objective.learn", "must list at least one of phi | psi | g");
        if (Learn.Distinct().Count() != Learn.Count)
            throw new ConfigException("objective.learn", $"must not list a function twice, got [{string.Join(", ", Learn.Select(YamlNames.Of))}]");
        ConfigChecks.InRange("objective.lambda", Lambda, 0.0, 1000.0);
        ConfigChecks.Positive("objective.beta", Beta);
        ConfigChecks.InRange("objective.inputTemperature", InputTemperature, 0.01, 1000.0);
    }

    public bool Equals(ObjectiveConfig? other) =>
        other is not null && Class == other.Class && Learn.SequenceEqual(other.Learn) &&
        Lambda.Equals(other.Lambda) && Beta.Equals(other.Beta) && InputTemperature.Equals(other.InputTemperature);

    public override int GetHashCode() => HashCode.Combine(Class, Learn.Count, Lambda, Beta, InputTemperature);
}
