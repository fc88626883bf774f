using System.Net.Http;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>A real worker process asked for a device this host lacks: it never joins, says why in one line, exits non-zero.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class WorkerDeviceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-device-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_worker_asked_for_cuda_on_a_host_without_it_does_not_join_and_says_why()
    {
        EvoPo.GpuWorker.Torch.TorchRuntime.EnsureLoaded();
        if (TorchSharp.torch.cuda.is_available()) return; // the refusal is for hosts without CUDA (such as the CI machine)
        var port = FreePorts.Next();
        var httpPort = FreePorts.Next();
        // The seed exists (a coordinator is up): the worker would join it if it did not check its device first.
        using var coordinator = EvopoProcess.Start("search", "--config", SmallSearchConfig.WriteTo(_dir, generations: 60),
            "--runs", Path.Combine(_dir, "runs"), "--role", "coordinator", "--port", port.ToString(),
            "--seeds", $"127.0.0.1:{port}");
        coordinator.WaitForLine(l => l.StartsWith("run id:"), EvopoProcess.Timeout);

        using var worker = EvopoProcess.Start("worker", "--seeds", $"127.0.0.1:{port}", "--device", "cuda", "--http-port", httpPort.ToString());
        var readiness = new List<int>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!worker.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                readiness.Add((int)(await http.GetAsync($"http://127.0.0.1:{httpPort}/readyz")).StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening (yet, or any more), or closing as the process exits.
            }
            await Task.Delay(50);
        }

        Assert.Equal(1, worker.WaitForExit(EvopoProcess.Timeout));
        var lines = worker.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["evopo worker: this worker cannot start: device 'cuda' requested but CUDA is not available on this host " +
                      "(no GPU or driver, or a CPU-only TorchSharp build: TorchBackend=cpu)"], lines);
        Assert.DoesNotContain(200, readiness);
        coordinator.Interrupt();
        coordinator.WaitForExit(EvopoProcess.Timeout);
    }

    [Fact]
    public void A_device_name_that_is_no_device_is_a_usage_error()
    {
        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "worker", "--seeds", "127.0.0.1:1", "--device", "gpu");
        Assert.Equal(2, code);
        Assert.StartsWith("evopo worker: device 'gpu' is not one of cpu, cuda, cuda:N", output);
    }
}
