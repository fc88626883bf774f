using EvoPo.Simulation.Policies;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// The Gaussian MLP policy of K agents evaluated at once from their flat parameters <c>[K, P]</c>, with its
/// gradient written out by hand rather than taped by autograd: the MLP is nearly all of a step's arithmetic, and
/// by hand it takes a few fused passes over the <c>[K, N, width]</c> activations where autograd takes many.
/// <para>
/// tanh is computed as 2σ(2a) − 1: libtorch's CPU tanh kernel is about ten times slower than its sigmoid (the
/// difference is rounding, ~1e-7). Each hidden layer keeps s = σ(2a) rather than y = tanh a = 2s − 1, and the
/// next layer takes the affine map in its (small) weights: y W + b = s (2W) + (b − 1ᵀW). One batched matrix
/// product with its bias (<c>baddbmm</c>) and one in-place sigmoid per hidden layer, nothing else at that size.
/// </para>
/// </summary>
internal sealed class BatchedGaussianMlp(PolicySpec policy)
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log π(a | s) per step, <c>[K, N]</c>, for observations <c>[K, N, ObsDim]</c> and actions <c>[K, N, ActDim]</c>.</summary>
    public Tensor LogProb(Tensor flat, Tensor observations, Tensor actions)
    {
        using var noGrad = no_grad();
        return Forward(flat, observations, actions).LogProb;
    }

    /// <summary>The forward pass with what <see cref="Gradient"/> needs of it. Does not record an autograd graph.</summary>
    public Tape Forward(Tensor flat, Tensor observations, Tensor actions)
    {
        using var noGrad = no_grad();
        var agents = flat.shape[0];
        var widths = policy.Widths;
        var layers = widths.Count - 1;
        var inputs = new Tensor[layers];
        var weights = new Tensor[layers];
        var offset = 0L;
        // Feature-major [K, width, N]: the steps are the long, contiguous axis of every product and elementwise
        // op, which keeps the narrow output layer (ActDim wide) and the log-density vectorized.
        var h = observations.transpose(1, 2);
        for (var l = 0; l < layers; l++)
        {
            long fanIn = widths[l], fanOut = widths[l + 1];
            var weight = flat.narrow(1, offset, fanIn * fanOut).view(agents, fanIn, fanOut);
            offset += fanIn * fanOut;
            var bias = flat.narrow(1, offset, fanOut).unsqueeze(2);
            offset += fanOut;
            inputs[l] = h;
            weights[l] = weight;
            // The layer's input is y = α h + β: the observations (α = 1, β = 0) or a hidden s (y = 2s − 1).
            var alpha = l == 0 ? 1f : 2f;
            var shifted = l == 0 ? bias : bias - weight.sum(1).unsqueeze(2);
            var transposed = weight.transpose(1, 2);
            h = l + 1 < layers
                ? transposed.baddbmm(h, shifted, beta: 2, alpha: 2 * alpha).sigmoid_() // s = σ(2a)
                : transposed.baddbmm(h, shifted, beta: 1, alpha: alpha);                // the mean
        }
        var logStd = flat.narrow(1, offset, policy.ActDim).unsqueeze(2);
        var std = logStd.exp() + policy.StdMin;
        var z = (actions.transpose(1, 2) - h).div_(std);
        // The normalizer is the same for every step of an agent: summed once per agent, not per step.
        var logNormalizer = std.log().sum(1) + policy.ActDim * HalfLogTwoPi;
        var logProb = z.square().sum(1).mul_(-0.5).sub_(logNormalizer);
        if (policy.Distribution == PolicyDistribution.TanhGaussian) logProb.sub_(LogJacobian(actions));
        return new Tape(inputs, weights, logStd, std, z, logProb);
    }

    /// <summary>
    /// Σ_d log(1 − tanh²u_d) per step, <c>[K, N]</c>, as 2(log 2 − |u| − softplus(−2|u|)) (safe at any |u|). It depends on
    /// the stored actions only, so it shifts log π without touching its gradient in θ: <see cref="Gradient"/> is the
    /// Gaussian one for both distributions.
    /// </summary>
    private static Tensor LogJacobian(Tensor actions)
    {
        var magnitude = actions.abs();
        var softplus = nn.functional.softplus(magnitude * -2);
        return magnitude.add_(softplus).neg_().add_(Math.Log(2)).mul_(2).sum(2);
    }

    /// <summary>
    /// ∂L/∂θ <c>[K, P]</c> in the flat layout, given ∂L/∂(per-step log-prob) <c>[K, N]</c> for the pass in
    /// <paramref name="tape"/>. Consumes the tape (its hidden activations are overwritten in place).
    /// </summary>
    public Tensor Gradient(Tape tape, Tensor stepGradient)
    {
        using var noGrad = no_grad();
        var layers = tape.Inputs.Length;
        var parts = new Tensor[2 * layers + 1];
        // log π = −½ Σ z² − Σ log σ − const, z = (a − μ)/σ, σ = e^θ + σ_min:
        // ∂/∂μ = z/σ, ∂/∂θ = (z² − 1) e^θ/σ summed over steps.
        var upstream = (stepGradient.unsqueeze(1) * tape.Z).div_(tape.Std); // ∂L/∂(layer output before activation), [K, out, N]
        var weighted = bmm(tape.Z.square(), stepGradient.unsqueeze(2));
        parts[2 * layers] = weighted.sub_(stepGradient.sum(1).view(-1, 1, 1)).mul_(tape.LogStd.exp() / tape.Std).flatten(1);
        for (var l = layers - 1; l >= 0; l--)
        {
            var input = tape.Inputs[l];
            var biasGradient = upstream.sum(2);
            // W sees y = α h + β: ∂L/∂W = α h gᵀ + β (Σ_n g) broadcast over W's rows.
            var weightGradient = bmm(input, upstream.transpose(1, 2));
            if (l > 0) weightGradient.mul_(2).sub_(biasGradient.unsqueeze(1));
            parts[2 * l] = weightGradient.flatten(1);
            parts[2 * l + 1] = biasGradient;
            if (l == 0) break;
            // ∂L/∂a of the layer below: ∂L/∂y · (1 − y²), with y = 2s − 1 so 1 − y² = 4 s (1 − s).
            var slope = input.addcmul_(input, input, value: -1); // s (1 − s), in place: s is not needed any more
            upstream = bmm(tape.Weights[l] * 4, upstream).mul_(slope);
        }
        return cat(parts, 1);
    }

    /// <summary>
    /// What the backward pass needs, feature-major: each layer's input <c>[K, in, N]</c> (the observations, then
    /// each hidden s = σ(2a)) and weight view <c>[K, in, out]</c>, logStd and σ <c>[K, A, 1]</c>, the standardized
    /// actions z <c>[K, A, N]</c>, and the log-probs <c>[K, N]</c>.
    /// </summary>
    internal sealed record Tape(Tensor[] Inputs, Tensor[] Weights, Tensor LogStd, Tensor Std, Tensor Z, Tensor LogProb);
}
