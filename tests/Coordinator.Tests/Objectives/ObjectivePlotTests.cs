using System.Buffers.Binary;
using EvoPo.Coordinator.Tests.Cli;
using EvoPo.Coordinator.Objectives;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Tests.Objectives;

public sealed class ObjectivePlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("dpo", "wl")]
    [InlineData("maxpo", "margin")]
    public async Task Writes_a_png_of_the_requested_size(string objective, string axes)
    {
        var path = Path.Combine(_dir, "sub", $"{objective}.png");
        var args = new[] { "--objective", objective, "--axes", axes, "--resolution", "21", "--width", "640", "--height", "300", "--out", path };
        await Evopo.SucceedsAsync(["objective", "plot", .. args]);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Dpo_landscape_is_its_gradient_and_blank_where_the_policy_cannot_go()
    {
        var lmax = PolicyDistributions.LogProbMax(ObjectiveChoice.DefaultDistribution, 0.05, 4);
        var landscape = new GradientLandscape(LandscapeAxes.WinLose, 10, -40, 10 * lmax + 20, 11, -20, -25);
        var (chosen, rejected) = landscape.Evaluate(ObjectiveSpec.Default("dpo"), lmax);
        var (xs, ys) = (landscape.Xs, landscape.Ys);
        for (var j = 0; j < ys.Length; j++)
            for (var i = 0; i < xs.Length; i++)
            {
                if (xs[i] / 10 > lmax || ys[j] / 10 > lmax)
                {
                    Assert.True(double.IsNaN(chosen[j, i]));
                    continue;
                }
                var z = 0.1 * ((xs[i] + 20) - (ys[j] + 25));
                Assert.Equal(-0.1 / (1 + Math.Exp(z)), chosen[j, i], 12);
                Assert.Equal(0.1 / (1 + Math.Exp(z)), rejected[j, i], 12);
            }
    }

    [Fact]
    public async Task Bad_axes_are_a_usage_error()
    {
        var e = await Evopo.UsageErrorAsync("objective", "plot", "--objective", "dpo", "--axes", "diagonal", "--out", Path.Combine(_dir, "x.png"));
        Assert.Contains("evopo objective plot: --axes: Argument 'diagonal' not recognized. Must be one of: 'wl' 'margin'", e);
    }
}
