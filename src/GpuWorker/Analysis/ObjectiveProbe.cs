using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Analysis;

/// <summary>
/// Evaluates any catalog objective on given log-probs, outside training: per pair, the loss and ∂loss/∂ℓ_w,
/// ∂loss/∂ℓ_l by autograd in float64 on the CPU. Works for every objective the catalog holds, because it goes through
/// <see cref="ObjectiveCatalog.Create"/> and <see cref="IObjective.PairLoss"/> exactly as the trainer does.
/// <para>
/// The M pairs are one minibatch of one agent (<c>[1, M]</c>). For every objective whose per-pair loss reads only
/// its own pair, that is the same as evaluating each pair alone; MaxPO self-normalizes its importance weights over
/// the minibatch, so its values depend on the other pairs given (its weights carry no gradient). The gradients are of
/// the per-pair loss, not of the minibatch mean the trainer steps on (which divides them by M). One-step objectives
/// that are given no reference log-probs get ℓ itself (detached), as in the trainer.
/// </para>
/// </summary>
public static class ObjectiveProbe
{
    /// <param name="logProbMax">ℓ_max, the largest per-step log-density of the policy (math.md §1).</param>
    public static PairGradients Evaluate(ObjectiveSpec spec, PairValues pairs, double logProbMax)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pairs);
        ObjectiveCatalog.Validate(spec);
        pairs.Validate();
        if (!double.IsFinite(logProbMax)) throw new ArgumentException($"ℓ_max must be finite, got {logProbMax}", nameof(logProbMax));
        if (ObjectiveCatalog.IsTwoStep(spec.Name) && pairs.ChosenReference is null)
            throw new ArgumentException($"objective '{spec.Name}' is two-step and needs reference log-probs ℓ^ref", nameof(pairs));
        if (ObjectiveCatalog.NeedsBehaviourLogProbs(spec.Name) && pairs.ChosenBehaviour is null)
            throw new ArgumentException($"objective '{spec.Name}' needs behaviour log-probs ℓ^μ", nameof(pairs));

        var m = pairs.Count;
        if (m == 0) return new PairGradients([], [], []);

        var device = TorchRuntime.Device("cpu");
        using var scope = NewDisposeScope();
        using var objective = ObjectiveCatalog.Create([spec], device, ScalarType.Float64);
        Tensor Row(double[] values) => tensor(values, dtype: ScalarType.Float64, device: device).view(1, m);
        Tensor? OptionalRow(double[]? values) => values is null ? null : Row(values);

        var chosen = Row(pairs.Chosen).requires_grad_(true);
        var rejected = Row(pairs.Rejected).requires_grad_(true);
        var input = new PairLogProbs(
            Chosen: chosen,
            Rejected: rejected,
            ChosenLength: Row(pairs.ChosenLength),
            RejectedLength: Row(pairs.RejectedLength),
            ChosenReference: OptionalRow(pairs.ChosenReference) ?? chosen.detach(),
            RejectedReference: OptionalRow(pairs.RejectedReference) ?? rejected.detach(),
            LogProbMax: logProbMax,
            ChosenBehaviour: OptionalRow(pairs.ChosenBehaviour),
            RejectedBehaviour: OptionalRow(pairs.RejectedBehaviour));

        var loss = objective.PairLoss(input);
        if (loss.shape.Length != 2 || loss.shape[0] != 1 || loss.shape[1] != m)
            throw new InvalidOperationException($"objective '{spec.Name}' returned a loss of shape [{string.Join(", ", loss.shape)}], expected [1, {m}]");
        if (loss.requires_grad) loss.sum().backward();
        var chosenGradient = chosen.grad ?? zeros_like(chosen);
        var rejectedGradient = rejected.grad ?? zeros_like(rejected);
        return new PairGradients(Values(loss), Values(chosenGradient), Values(rejectedGradient));
    }

    private static double[] Values(Tensor row) => row.detach().cpu().contiguous().view(-1).data<double>().ToArray();
}
