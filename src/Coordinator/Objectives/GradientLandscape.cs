using EvoPo.GpuWorker.Analysis;
using EvoPo.GpuWorker.Objectives;

namespace EvoPo.Coordinator.Objectives;

/// <summary>
/// ∂L/∂ℓ_w and ∂L/∂ℓ_l of one objective over a grid of log-probs (summed over trajectories of <see cref="Length"/> steps),
/// each grid point one pair on its own. Two-step objectives compare against the fixed reference log-probs
/// <see cref="ReferenceChosen"/>/<see cref="ReferenceRejected"/>; an objective that reads behaviour log-probs (MaxPO) is
/// evaluated on-policy (ℓ^μ = ℓ, all importance weights 1). Points whose per-step mean ℓ/T exceeds ℓ_max are not
/// log-probs the policy can produce and are left NaN.
/// </summary>
public sealed record GradientLandscape(
    LandscapeAxes Axes, double Length, double Min, double Max, int Resolution, double ReferenceChosen, double ReferenceRejected)
{
    /// <summary>
    /// A window of per-step log-densities ℓ̄ ∈ [ℓ_max − 12, ℓ_max − 2] (p = e^-12..e^-2, around where real policies are,
    /// docs/objectives.md), trajectories of 100 steps, references at the window's centre.
    /// </summary>
    public static GradientLandscape Default(double logProbMax, LandscapeAxes axes = LandscapeAxes.WinLose, double length = 100, int resolution = 101)
    {
        var (min, max) = (length * (logProbMax - 12), length * (logProbMax - 2));
        return new GradientLandscape(axes, length, min, max, resolution, (min + max) / 2, (min + max) / 2);
    }

    /// <summary>x values, left to right: ℓ_w (win-lose) or the margin ℓ_w − ℓ_l over ±(max − min)/2 (margin-win).</summary>
    public double[] Xs => Axes == LandscapeAxes.WinLose ? Steps(Min, Max) : Steps(-(Max - Min) / 2, (Max - Min) / 2);

    /// <summary>y values, bottom to top: ℓ_l (win-lose) or ℓ_w (margin-win).</summary>
    public double[] Ys => Steps(Min, Max);

    public string XLabel => Axes == LandscapeAxes.WinLose ? "logp_w (log-prob of the chosen trajectory)" : "logp_w − logp_l";

    public string YLabel => Axes == LandscapeAxes.WinLose ? "logp_l (log-prob of the rejected trajectory)" : "logp_w";

    /// <summary>The gradients <c>[y, x]</c> (row 0 = lowest y) of <paramref name="spec"/>.</summary>
    public (double[,] Chosen, double[,] Rejected) Evaluate(ObjectiveSpec spec, double logProbMax)
    {
        if (Resolution < 2) throw new ArgumentException($"a landscape needs a resolution ≥ 2, got {Resolution}");
        if (!(Max > Min) || !(Length > 0)) throw new ArgumentException($"a landscape needs min < max and a length > 0, got [{Min}, {Max}], T = {Length}");
        var (xs, ys) = (Xs, Ys);
        var n = xs.Length * ys.Length;
        var (chosen, rejected) = (new double[n], new double[n]);
        for (var j = 0; j < ys.Length; j++)
            for (var i = 0; i < xs.Length; i++)
            {
                var at = j * xs.Length + i;
                (chosen[at], rejected[at]) = Axes == LandscapeAxes.WinLose ? (xs[i], ys[j]) : (ys[j], ys[j] - xs[i]);
            }
        var lengths = Enumerable.Repeat(Length, n).ToArray();
        var twoStep = ObjectiveCatalog.IsTwoStep(spec.Name);
        var behaviour = ObjectiveCatalog.NeedsBehaviourLogProbs(spec.Name);
        var pairs = new PairValues(chosen, rejected, lengths, lengths,
            twoStep ? Enumerable.Repeat(ReferenceChosen, n).ToArray() : null,
            twoStep ? Enumerable.Repeat(ReferenceRejected, n).ToArray() : null,
            behaviour ? chosen : null, behaviour ? rejected : null);
        // On-policy every importance ratio is 1, so normalizing over the grid instead of each point alone changes nothing.
        var gradients = ObjectiveProbe.Evaluate(spec, pairs, logProbMax);

        var (dW, dL) = (new double[ys.Length, xs.Length], new double[ys.Length, xs.Length]);
        for (var j = 0; j < ys.Length; j++)
            for (var i = 0; i < xs.Length; i++)
            {
                var at = j * xs.Length + i;
                var possible = chosen[at] / Length <= logProbMax && rejected[at] / Length <= logProbMax;
                dW[j, i] = possible ? gradients.ChosenGradient[at] : double.NaN;
                dL[j, i] = possible ? gradients.RejectedGradient[at] : double.NaN;
            }
        return (dW, dL);
    }

    private double[] Steps(double from, double to) =>
        Enumerable.Range(0, Resolution).Select(i => from + (to - from) * i / (Resolution - 1)).ToArray();
}
