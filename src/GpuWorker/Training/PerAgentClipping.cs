using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// Gradient-norm clipping per agent: the norm is over all of one agent's parameters (its row), so one agent's
/// huge gradient never scales another's. Same coefficient as torch.nn.utils.clip_grad_norm_.
/// </summary>
internal static class PerAgentClipping
{
    /// <summary>The clipped gradient <c>[K, P]</c> and the pre-clipping norms <c>[K]</c>.</summary>
    public static (Tensor Clipped, Tensor Norm) Clip(Tensor gradient, double maxNorm)
    {
        var norm = gradient.square().sum(1).sqrt();
        var coefficient = (maxNorm / (norm + 1e-6)).clamp_max(1.0);
        return (gradient * coefficient.unsqueeze(1), norm);
    }
}
