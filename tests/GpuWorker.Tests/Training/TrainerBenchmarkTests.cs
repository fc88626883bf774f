using EvoPo.GpuWorker.Torch;
using EvoPo.GpuWorker.Training;

namespace EvoPo.GpuWorker.Tests.Training;

public sealed class TrainerBenchmarkTests
{
    public TrainerBenchmarkTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Benchmark_reports_each_k_with_consistent_counts()
    {
        var results = TrainerBenchmark.Run([1, 3], pairs: 8, maxLength: 10, minibatchPairs: 4, repeats: 1);
        Assert.Equal([1, 3], results.Select(r => r.Agents));
        Assert.Equal([2L, 6L], results.Select(r => r.AgentUpdates));
        Assert.All(results, r => Assert.True(r.BatchedSeconds > 0 && r.SequentialSeconds > 0 && double.IsFinite(r.Speedup)));
    }
}
