namespace EvoPo.Simulation.Policies;

/// <summary>
/// The tanh squash of <see cref="PolicyDistribution.TanhGaussian"/>: executed action a = tanh(u), with the pre-squash
/// sample u clamped to |u| ≤ <see cref="UMax"/>, so the density of a (which grows without bound as |a| → 1) stays
/// below <see cref="PolicyDistributions.LogProbMax"/>.
/// </summary>
public static class TanhSquash
{
    /// <summary>
    /// |u| ≤ 3 keeps |a| ≤ tanh 3 ≈ 0.99505 (every task clips at 1, so the lost 0.5 % of actuation is immaterial) and
    /// bounds the Jacobian term at 4.62 nats per dimension.
    /// </summary>
    public const double UMax = 3.0;

    public static float Clamp(double u) => (float)Math.Clamp(u, -UMax, UMax);

    /// <summary>
    /// log(1 − tanh²u) = 2(log 2 − |u| − softplus(−2|u|)), which neither cancels nor overflows at large |u|
    /// (the direct form is log of 0 in float32 beyond |u| ≈ 9).
    /// </summary>
    public static double LogJacobian(double u)
    {
        var x = Math.Abs(u);
        return 2 * (Math.Log(2) - x - Math.Log(1 + Math.Exp(-2 * x)));
    }
}
