using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// The Gaussian MLP policy of K agents evaluated at once from their flat parameters <c>[K, P]</c>: each layer's
/// W_l and b_l are views into the flat tensor (so gradients land directly in the flat layout), and each layer is
/// one batched matrix product over <c>[K, N, in]</c>.
/// </summary>
internal sealed class BatchedGaussianMlp(PolicySpec policy)
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log π(a | s) per step, <c>[K, N]</c>, for observations <c>[K, N, ObsDim]</c> and actions <c>[K, N, ActDim]</c>.</summary>
    public Tensor LogProb(Tensor flat, Tensor observations, Tensor actions)
    {
        var agents = flat.shape[0];
        var widths = policy.Widths;
        var offset = 0L;
        var h = observations;
        for (var l = 0; l + 1 < widths.Count; l++)
        {
            long fanIn = widths[l], fanOut = widths[l + 1];
            var weight = flat.narrow(1, offset, fanIn * fanOut).view(agents, fanIn, fanOut);
            offset += fanIn * fanOut;
            var bias = flat.narrow(1, offset, fanOut).unsqueeze(1);
            offset += fanOut;
            h = bmm(h, weight) + bias;
            if (l + 2 < widths.Count) h = h.tanh();
        }
        var std = (flat.narrow(1, offset, policy.ActDim).exp() + policy.StdMin).unsqueeze(1);
        var z = (actions - h) / std;
        // The normalizer is the same for every step of an agent: summed once per agent, not per step.
        var logNormalizer = std.log().sum(-1) + policy.ActDim * HalfLogTwoPi;
        return -0.5 * z.square().sum(-1) - logNormalizer;
    }
}
