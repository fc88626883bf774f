namespace EvoPo.Simulation.Tasks.Ilgpu;

/// <summary>
/// Sine and cosine in doubles from + and × only: ILGPU's CUDA backend has no intrinsic for Math.Sin/Math.Cos
/// without the ILGPU.Algorithms package (not in our mirror). Range reduction to [−π/2, π/2], then the Taylor
/// series to x¹⁹ (truncation error below 1e-13); |x| up to ~1e6 keeps the reduction error far below 1e-5.
/// </summary>
public static class KernelMath
{
    private const double TwoPi = 2 * Math.PI;
    private const double HalfPi = Math.PI / 2;

    public static double Sin(double x)
    {
        var k = x * (1 / TwoPi);
        var n = (long)(k >= 0 ? k + 0.5 : k - 0.5);
        var r = x - n * TwoPi;                       // [−π, π]
        if (r > HalfPi) r = Math.PI - r;             // sin(π − r) = sin r
        else if (r < -HalfPi) r = -Math.PI - r;
        var r2 = r * r;
        var term = r;
        var sum = r;
        for (var i = 1; i <= 9; i++)
        {
            term *= -r2 / ((2 * i) * (2 * i + 1));
            sum += term;
        }
        return sum;
    }

    public static double Cos(double x) => Sin(x + HalfPi);
}
