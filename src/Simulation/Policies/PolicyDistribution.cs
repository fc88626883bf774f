using System.Text.Json.Serialization;

namespace EvoPo.Simulation.Policies;

/// <summary>
/// How a policy's Gaussian sample u becomes the action the environment executes (docs/design.md "Policies"). Gaussian:
/// u itself (the environment clips it to [−1, 1]); TanhGaussian: tanh(u), with log π including the tanh Jacobian.
/// </summary>
public enum PolicyDistribution
{
    [JsonStringEnumMemberName("gaussian")] Gaussian,
    [JsonStringEnumMemberName("tanh-gaussian")] TanhGaussian,
}
