namespace EvoPo.GpuWorker.Tests.Objectives;

/// <summary>
/// A forward-mode dual number v + d·ε (ε² = 0): evaluating a float64 formula on duals gives its value and its exact
/// derivative along the seeded input, without finite-difference error, so tiny gradients (σ(−60)) compare relatively.
/// </summary>
internal readonly record struct Dual(double V, double D)
{
    public static implicit operator Dual(double value) => new(value, 0);

    public static Dual operator +(Dual a, Dual b) => new(a.V + b.V, a.D + b.D);
    public static Dual operator -(Dual a, Dual b) => new(a.V - b.V, a.D - b.D);
    public static Dual operator -(Dual a) => new(-a.V, -a.D);
    public static Dual operator *(Dual a, Dual b) => new(a.V * b.V, a.D * b.V + a.V * b.D);
    public static Dual operator /(Dual a, Dual b) => new(a.V / b.V, (a.D * b.V - a.V * b.D) / (b.V * b.V));

    /// <summary>Stop-gradient: the value, with no derivative.</summary>
    public Dual Sg => new(V, 0);

    public static Dual Exp(Dual x) => new(Math.Exp(x.V), Math.Exp(x.V) * x.D);
    public static Dual Log(Dual x) => new(Math.Log(x.V), x.D / x.V);
    public static Dual Pow(Dual x, double power) => new(Math.Pow(x.V, power), power * Math.Pow(x.V, power - 1) * x.D);
    public static Dual Abs(Dual x) => x.V < 0 ? -x : x;
    public static Dual Max(Dual x, double floor) => x.V > floor ? x : floor;
    public static Dual Min(Dual x, double ceiling) => x.V < ceiling ? x : ceiling;
    public static Dual Sigmoid(Dual x) => x.V >= 0 ? 1.0 / (1.0 + Exp(-x)) : Exp(x) / (1.0 + Exp(x));

    /// <summary>log σ(x) = −log(1 + e^(−x)), written for either sign so it stays finite.</summary>
    public static Dual LogSigmoid(Dual x) => x.V >= 0 ? -Log(1.0 + Exp(-x)) : x - Log(1.0 + Exp(x));
}
