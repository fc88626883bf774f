using System.Globalization;
using System.Text;
using EvoPo.GpuWorker.Objectives;

namespace EvoPo.GpuWorker.Export;

/// <summary>
/// The docstring of an exported loss: where it comes from, its formula and arguments, how tokens stand in for
/// trajectory steps and which ℓ_max it uses, the <c>evopo objective eval</c> command it equals, and a TRL trainer
/// subclass that trains with it.
/// </summary>
public static class ExportDocstring
{
    private const int Width = 110;

    /// <summary>The TRL release whose <c>DPOTrainer.dpo_loss</c> signature the snippet overrides (read from its source).</summary>
    public const string TrlVersion = "0.28.0";

    public static string Build(ObjectiveSpec spec, double logProbMax, ExportOrigin origin, string moduleName)
    {
        var loss = PythonLosses.For(spec.Name);
        var text = new StringBuilder();
        Paragraph(text, origin.Title.TrimEnd('.') + ".");
        Paragraph(text, $"Written by `evopo objective export` (EvoPO) for PyTorch: this file depends on torch only. Objective `{spec.Name}`, " +
                        $"per pair: {loss.Formula} (docs/objectives.md).");
        foreach (var fact in origin.Facts) Wrap(text, fact, "- ", "  ");
        if (origin.Facts.Count > 0) text.Append('\n');
        Paragraph(text, Hyperparameters(spec));

        text.Append("evopo_loss arguments (1-D tensors, one entry per pair, as TRL's preference trainers compute them):\n\n");
        foreach (var group in LossArguments.For(spec.Name))
        {
            text.Append("    ").AppendJoin(", ", group.Names).Append('\n');
            Wrap(text, group.Meaning, "        ", "        ");
        }
        text.Append('\n');
        Paragraph(text, "Returns the per-pair losses (1-D; the training loss is their mean), differentiable in the policy's log-probs, " +
                        "computed in float64 for float64 inputs and in float32 otherwise.");

        Paragraph(text, "Tokens are not trajectory steps. EvoPO searched losses over trajectories of a continuous-control policy: ℓ sums " +
                        "the log-density of each step's action, T counts the steps, and ℓ̄ = ℓ/T is the mean per step. For a language model " +
                        "the steps are the completion's tokens: pass the summed token log-probs and the token counts, and ℓ̄ becomes the " +
                        "mean log-probability per token (per-token normalization happens inside the loss, where its formula says ℓ̄).");
        Paragraph(text, LogProbMaxText(spec, loss, logProbMax, origin.LogProbMaxSource));
        Paragraph(text, $"In float64, evopo_loss equals `{origin.EvalCommand}` on the same pairs: the loss and its gradients in ℓ_w " +
                        "and ℓ_l agree within 1e-6 relative (EvoPO's tests check every catalog loss and a discovered one)" +
                        (ObjectiveCatalog.NeedsBehaviourLogProbs(spec.Name) ? ", the pairs given being one minibatch (the importance weights are normalized over it)." : "."));
        Paragraph(text, $"Training with TRL: the subclass below overrides DPOTrainer.dpo_loss as TRL {TrlVersion} defines it (the last " +
                        "release with that method; its signature is the same since 0.20) and counts the completion tokens from the " +
                        "attention masks. Use it like DPOTrainer, with the DPOConfig defaults loss_type \"sigmoid\" (\"ipo\" divides the " +
                        "log-probs by the length before dpo_loss sees them), ld_alpha None, use_liger_kernel False and padding_free False, " +
                        "and a max_length that keeps every completion whole (the masks count tokens before truncation).");
        text.Append(TrlSnippet(spec.Name, moduleName)).Append('\n');
        return text.ToString();
    }

    private static string Hyperparameters(ObjectiveSpec spec)
    {
        var values = Effective(spec).Select(kv => $"{kv.Key} = {kv.Value.ToString("R", CultureInfo.InvariantCulture)}").ToArray();
        var text = values.Length == 0 ? "No hyperparameters." : $"Hyperparameters: {string.Join(", ", values)} (module constants below).";
        if (spec.Parameters is { Length: > 0 } parameters)
            text += $" Learned parameters: PARAMETERS, {parameters.Length} values, the networks {MpoLayout.Of(spec)} of " +
                    $"{MonotoneNetwork.ParameterCount} values each, in that order.";
        return text;
    }

    /// <summary>The catalog defaults with the spec's values over them.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Effective(ObjectiveSpec spec) =>
        ObjectiveCatalog.Defaults(spec.Name)
            .Select(kv => KeyValuePair.Create(kv.Key, spec.Hyperparameters.TryGetValue(kv.Key, out var v) ? v : kv.Value))
            .ToArray();

    private static string LogProbMaxText(ObjectiveSpec spec, PythonLoss loss, double logProbMax, string source)
    {
        if (!loss.ReadsLogProbMax)
            return "ℓ_max plays no part: this loss reads no per-step probability p = exp(ℓ̄ − ℓ_max).";
        var value = logProbMax.ToString("G6", CultureInfo.InvariantCulture);
        var text = $"ℓ_max. The loss maps ℓ̄ to a per-step probability p = exp(ℓ̄ − ℓ_max) (math.md §1). EvoPO's policies are " +
                   $"continuous, and ℓ_max = {value} is the largest per-step log-density of this one ({source}). A token's probability " +
                   "is at most 1, so for tokens the exact bound is ℓ_max = 0, where p is the geometric mean of the token probabilities " +
                   $"(TRL's ORPO reads it so). evopo_loss defaults to ℓ_max = {value} (LOG_PROB_MAX): that is the function EvoPO " +
                   $"evaluated, and it maps a mean token log-prob ℓ̄ to log p = ℓ̄ − {value}. log_prob_max=0.0 reads p as a probability " +
                   $"instead and raises every log p by {value}";
        var layout = PythonLosses.IsMpo(spec.Name) ? MpoLayout.Of(spec) : null;
        if (layout is { } l && (l.Phi || l.G))
        {
            var h = Effective(spec).ToDictionary(kv => kv.Key, kv => kv.Value);
            var t = h["inputTemperature"];
            text += h["inputLog"] > 0.5
                ? $"; the learned networks, which read x = (log p {(h["inputCenter"] < 0 ? "+" : "−")} {F(Math.Abs(h["inputCenter"]))})/{F(t)}, then see inputs {F(logProbMax / t)} higher " +
                  "than at the default, where the search may never have evaluated them"
                : $"; the learned networks, which read p^(1/{F(t)}), then see inputs e^{F(logProbMax / t)} times larger than at the default";
        }
        return text + ". Which transfers better to tokens is an empirical question the export does not settle: try both.";
    }

    private static string TrlSnippet(string objective, string moduleName)
    {
        var twoStep = ObjectiveCatalog.IsTwoStep(objective);
        var arguments = new List<string>
        {
            "policy_chosen_logps=chosen_logps,",
            "policy_rejected_logps=rejected_logps,",
        };
        if (twoStep) arguments.AddRange(["reference_chosen_logps=ref_chosen_logps,", "reference_rejected_logps=ref_rejected_logps,"]);
        arguments.AddRange(["chosen_lengths=model_output[\"chosen_lengths\"],", "rejected_lengths=model_output[\"rejected_lengths\"],"]);
        if (ObjectiveCatalog.NeedsBehaviourLogProbs(objective))
            arguments.AddRange([
                "# ℓ^μ: the log-probs under the model that generated the completions; the reference",
                "# model's when it did (offline data from elsewhere needs its own stored log-probs).",
                "chosen_behaviour_logps=ref_chosen_logps,",
                "rejected_behaviour_logps=ref_rejected_logps,",
            ]);
        var call = string.Join("\n", arguments.Select(a => "                " + a));
        return $$"""
                from trl import DPOTrainer
                from {{moduleName}} import evopo_loss


                class EvoPoDPOTrainer(DPOTrainer):
                    def concatenated_forward(self, model, batch, is_ref_model=False):
                        output = super().concatenated_forward(model, batch, is_ref_model=is_ref_model)
                        output["chosen_lengths"] = batch["chosen_attention_mask"].sum(-1)
                        output["rejected_lengths"] = batch["rejected_attention_mask"].sum(-1)
                        return output

                    def dpo_loss(self, chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps,
                                 loss_type="sigmoid", model_output=None):
                        losses = evopo_loss(
            {{call}}
                        )
                        # TRL logs these implicit rewards; {{(twoStep ? "they are DPO's, not this loss's" : "this one-step loss reads no reference")}}.
                        chosen_rewards = self.beta * (chosen_logps - ref_chosen_logps).detach()
                        rejected_rewards = self.beta * (rejected_logps - ref_rejected_logps).detach()
                        return losses, chosen_rewards, rejected_rewards

            """;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static void Paragraph(StringBuilder text, string paragraph)
    {
        Wrap(text, paragraph, "", "");
        text.Append('\n');
    }

    /// <summary>Appends <paramref name="paragraph"/> wrapped at <see cref="Width"/>, the first line after <paramref name="first"/>, the others after <paramref name="rest"/>.</summary>
    private static void Wrap(StringBuilder text, string paragraph, string first, string rest)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(rest);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        text.Append(line).Append('\n');
    }
}
