using EvoPo.GpuWorker.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Tests.Objectives;

/// <summary>Small helpers shared by the objective tests.</summary>
internal static class TestTensors
{
    public static readonly Device Cpu = new("cpu");

    /// <summary>A float64 <c>[k, m]</c> tensor of the values.</summary>
    public static Tensor T(double[] values, int k, int m) => tensor(values, dtype: ScalarType.Float64).view(k, m);

    public static double[] Doubles(Tensor t) => t.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();

    /// <summary>The catalog defaults with the spec's hyperparameters over them.</summary>
    public static Dictionary<string, double> WithDefaults(ObjectiveSpec spec)
    {
        var h = ObjectiveCatalog.Defaults(spec.Name).ToDictionary();
        foreach (var (key, value) in spec.Hyperparameters) h[key] = value;
        return h;
    }

    /// <summary>|expected − actual| ≤ relative·|expected| (plus 1e-12 so exact zeros compare).</summary>
    public static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + 1e-12,
            $"{what}: expected {expected:R}, got {actual:R}");
}
