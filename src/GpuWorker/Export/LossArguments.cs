using EvoPo.GpuWorker.Objectives;

namespace EvoPo.GpuWorker.Export;

/// <summary>
/// The arguments of an exported loss function, in order: the policy's log-probs, the reference's (two-step objectives),
/// the lengths, the behaviour policy's (objectives that importance-weight) and ℓ_max (probability-domain objectives),
/// each pair with what it means, for the signature and the docstring alike.
/// </summary>
public static class LossArguments
{
    public sealed record Group(string[] Names, string Meaning);

    public static IReadOnlyList<Group> For(string objective)
    {
        var groups = new List<Group>
        {
            new(["policy_chosen_logps", "policy_rejected_logps"],
                "ℓ_w, ℓ_l: the log-probabilities of the chosen and the rejected completion under the policy being trained, summed over their tokens."),
        };
        if (ObjectiveCatalog.IsTwoStep(objective))
            groups.Add(new(["reference_chosen_logps", "reference_rejected_logps"],
                "ℓ^ref_w, ℓ^ref_l: the same under the frozen reference model π_ref (a two-step loss: the model after SFT on the chosen completions)."));
        groups.Add(new(["chosen_lengths", "rejected_lengths"], "T_w, T_l: how many tokens each sum runs over (ints or floats, > 0)."));
        if (ObjectiveCatalog.NeedsBehaviourLogProbs(objective))
            groups.Add(new(["chosen_behaviour_logps", "rejected_behaviour_logps"],
                "ℓ^μ_w, ℓ^μ_l: the same under the policy that generated each completion (the importance weights' denominator)."));
        if (PythonLosses.For(objective).ReadsLogProbMax)
            groups.Add(new(["log_prob_max"], "ℓ_max, the largest per-step log-probability (default LOG_PROB_MAX; see below)."));
        return groups;
    }

    /// <summary>The Python parameter list, ℓ_max defaulting to the module constant.</summary>
    public static string Signature(string objective) =>
        string.Join(", ", For(objective).SelectMany(g => g.Names).Select(n => n == "log_prob_max" ? "log_prob_max=LOG_PROB_MAX" : n));
}
