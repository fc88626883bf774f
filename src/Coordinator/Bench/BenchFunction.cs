namespace EvoPo.Coordinator.Bench;

/// <summary>
/// A test function of <c>evopo bench strategies</c> (minimized; strategies maximize −f): where every strategy starts
/// (x₀ = <see cref="Start"/> in every coordinate, σ₀ = <see cref="Sigma0"/>) and the target value that counts as reached.
/// </summary>
public sealed record BenchFunction(string Name, Func<double[], double> F, double Start, double Sigma0, Func<int, double> Target)
{
    public static BenchFunction Sphere { get; } = new("sphere", x => x.Sum(v => v * v), 1.0, 0.5, _ => 1e-8);

    public static BenchFunction Rosenbrock { get; } = new("rosenbrock", x =>
    {
        var sum = 0.0;
        for (var i = 0; i + 1 < x.Length; i++) sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return sum;
    }, 0.0, 0.5, _ => 1e-8);

    /// <summary>Multimodal; from x₀ = 3 (f = 9d) the target f ≤ d asks for most coordinates in the central basins.</summary>
    public static BenchFunction Rastrigin { get; } = new("rastrigin",
        x => 10 * x.Length + x.Sum(v => v * v - 10 * Math.Cos(2 * Math.PI * v)), 3.0, 2.0, d => d);

    public static IReadOnlyList<BenchFunction> All { get; } = [Sphere, Rosenbrock, Rastrigin];
}
