using EvoPo.Simulation.Policies;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// The Gaussian MLP the trainer optimizes (docs/design.md "Policies"): tanh hidden layers, linear mean,
/// state-independent std = <see cref="StdMin"/> + exp(logStd), its sample executed as is or squashed by tanh
/// (<see cref="Distribution"/>). The flat layout is layer by layer W_l <c>[in, out]</c> row-major then b_l, and
/// finally logStd <c>[ActDim]</c>.
/// </summary>
public sealed record PolicySpec(int ObsDim, IReadOnlyList<int> Hidden, int ActDim, double StdMin,
    PolicyDistribution Distribution = PolicyDistribution.Gaussian)
{
    /// <summary>Layer widths from input to mean: ObsDim, Hidden..., ActDim.</summary>
    public IReadOnlyList<int> Widths => [ObsDim, .. Hidden, ActDim];

    public int ParameterCount
    {
        get
        {
            var widths = Widths;
            var count = 0;
            for (var l = 0; l + 1 < widths.Count; l++) count += widths[l] * widths[l + 1] + widths[l + 1];
            return count + ActDim;
        }
    }

    /// <summary>ℓ_max, the largest per-step log-density (math.md §1).</summary>
    public double LogProbMax => PolicyDistributions.LogProbMax(Distribution, StdMin, ActDim);

    public void Validate()
    {
        if (ObsDim <= 0 || ActDim <= 0 || Hidden.Any(h => h <= 0))
            throw new ArgumentException($"policy dimensions must be positive: obs {ObsDim}, hidden [{string.Join(", ", Hidden)}], act {ActDim}");
        if (!(StdMin > 0) || !double.IsFinite(StdMin))
            throw new ArgumentException($"policy StdMin must be a positive finite number, got {StdMin}");
        if (!Enum.IsDefined(Distribution)) throw new ArgumentException($"policy distribution {(int)Distribution} is unknown");
    }
}
